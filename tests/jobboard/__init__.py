"""A local job-board server (127.0.0.1 only) for the tests and the benchmark.

It serves whatever responses a test registers, in each source's real format, and can misbehave
on request: time-outs, 5xx, 429 with Retry-After, truncated or HTML bodies, oversized bodies,
redirects (also to private addresses), robots.txt rules and ETags.
"""

from tests.jobboard.server import Fault, JobBoard, Route

__all__ = ["Fault", "JobBoard", "Route"]

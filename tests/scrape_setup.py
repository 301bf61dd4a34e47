"""Registers one board of every kind on the local job-board server, with its SourceSpec."""

from __future__ import annotations

from scrapers import SourceSpec
from tests.jobboard import JobBoard

GREENHOUSE = "/greenhouse/acme/jobs"


def register_all(board: JobBoard) -> list[SourceSpec]:
    b = board
    b.add_fixture(GREENHOUSE, "greenhouse.json", etag=True)
    b.add_fixture("/lever/mistral", "lever.json")
    b.add_fixture("/ashby/cohere", "ashby.json")
    b.add_fixture("/workable/huggingface", "workable.json")
    b.add_fixture("/smartrecruiters/bosch/postings", "smartrecruiters.json")
    b.add_fixture("/smartrecruiters/bosch/postings/744000012345678", "smartrecruiters_detail.json")
    b.add_fixture("/recruitee/tulip/api/offers/", "recruitee.json")
    b.add_fixture("/personio/nordlicht/xml", "personio.xml")
    b.add_fixture("/remoteok/api", "remoteok.json")
    b.add_fixture("/remotive/api/remote-jobs", "remotive.json")
    b.add_fixture("/arbeitnow/api/job-board-api?page=1", "arbeitnow_page1.json")
    b.add_fixture("/arbeitnow/api/job-board-api?page=2", "arbeitnow_page2.json")
    b.add_fixture("/weworkremotely/categories/remote-programming-jobs.rss", "weworkremotely.rss")
    b.add_fixture("/hn_whoishiring/search_by_date", "hn_stories.json")
    b.add_fixture("/hn_whoishiring/search", "hn_comments.json")
    b.add_fixture("/jsonld/sitemap.xml", "sitemap.xml", base=b.url)
    b.add_fixture("/jsonld/careers/graph.html", "jsonld_graph.html")
    b.add_fixture("/jsonld/careers/list.html", "jsonld_list.html")
    return [
        SourceSpec("greenhouse", "acme"),
        SourceSpec("lever", "mistral", "Mistral AI"),
        SourceSpec("ashby", "cohere", "Cohere"),
        SourceSpec("workable", "huggingface"),
        SourceSpec("smartrecruiters", "bosch", None, {"details": True, "max_details": 1}),
        SourceSpec("recruitee", "tulip"),
        SourceSpec("personio", "nordlicht"),
        SourceSpec("remoteok", "all"),
        SourceSpec("remotive", "software-dev"),
        SourceSpec("arbeitnow", "all"),
        SourceSpec("weworkremotely", "remote-programming-jobs"),
        SourceSpec("hn_whoishiring", "latest"),
        SourceSpec("jsonld", f"{b.url}/jsonld/sitemap.xml", "Fjord", {"url_contains": "/careers/"}),
    ]


# postings each source yields from its fixtures
EXPECTED = {
    "greenhouse": 4,
    "lever": 3,
    "ashby": 2,
    "workable": 2,
    "smartrecruiters": 2,
    "recruitee": 2,
    "personio": 2,
    "remoteok": 2,
    "remotive": 2,
    "arbeitnow": 2,
    "weworkremotely": 2,
    "hn_whoishiring": 3,  # one comment names two roles
    "jsonld": 2,
}

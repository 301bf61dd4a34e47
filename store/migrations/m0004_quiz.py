"""Reserved for the quiz branch, which owns version 4 (quiz cards, rounds, leaderboards).

Migrations must be numbered without gaps, so the matching branch (version 5) carries this empty
placeholder until the quiz branch lands. When both are merged, keep the quiz branch's file.
"""

SQL = ""

"""Fair scheduling of waiting jobs: round robin over users per lane ("fast", "hq"), and a place
in line once told never goes back.

Pure data structure, no I/O. Each job gets its turn (a round) as it comes: a user's first waiting
job the lane's current round, each further one a round later, and it goes in behind every job of
its round or an earlier one, so one user's 20 photos take turns with every other user's photos.
It goes in behind the first ``told_per_user`` waiting jobs of every user too: those are the chat's
own paintings (the bot lets a user have MAX_PENDING_PER_USER at once, and passes that number here),
each told its place ("2nd in line"), and a newcomer put ahead of one made it go back up ("3rd",
"2nd", "3rd": the QA's flood of two users). Only a user's jobs past those (a /preview's grid,
whose tiles are not told a place each) let others' newcomers go first. A job keeps its place among
the others once in line. Positions and ETAs follow from that order and the measured service time
of the lane.
"""
from __future__ import annotations

from collections import OrderedDict, deque
from itertools import islice

# a user's waiting jobs that no newcomer goes ahead of, unless told otherwise: the default of the
# bot's MAX_PENDING_PER_USER (its paintings at once per user, each told its place in line)
TOLD_PER_USER = 2


class Lane:
    def __init__(self, told_per_user: int = TOLD_PER_USER) -> None:
        self.told_per_user = told_per_user   # each user's first waiting jobs, that keep their place
        self.users: "OrderedDict[str, deque[str]]" = OrderedDict()   # each user's waiting jobs, in order
        self.owner: dict[str, str] = {}
        self.turn: dict[str, int] = {}       # job -> its round
        self.order: list[str] = []           # the waiting jobs, served first to last
        self.round = 0                       # the round of the job served last

    def __len__(self) -> int:
        return len(self.owner)

    def push(self, user: str, job_id: str, front: bool = False) -> None:
        """``front``: a job started and put back (its worker crashed) is served first again."""
        dq = self.users.setdefault(user, deque())
        if front:
            turn, at = self.round - 1, 0
            dq.appendleft(job_id)
        else:
            turn = self.round if not dq else self.turn[dq[-1]] + 1
            told = {j for d in self.users.values() for j in islice(d, self.told_per_user)}   # (not a copy of each line)
            # behind every job of its round or an earlier one, and every job told its place
            at = max((i + 1 for i, j in enumerate(self.order) if self.turn[j] <= turn or j in told), default=0)
            dq.append(job_id)
        self.owner[job_id] = user
        self.turn[job_id] = turn
        self.order.insert(at, job_id)

    def pop(self) -> str | None:
        if not self.order:
            return None
        job_id = self.order[0]
        self.round = max(self.round, self.turn[job_id])
        self.remove(job_id)
        return job_id

    def remove(self, job_id: str) -> bool:
        user = self.owner.pop(job_id, None)
        if user is None:
            return False
        del self.turn[job_id]
        self.order.remove(job_id)
        dq = self.users[user]
        dq.remove(job_id)
        if not dq:
            del self.users[user]
        return True

    def position(self, job_id: str) -> int | None:
        """How many waiting jobs of this lane will start before this one."""
        return self.order.index(job_id) if job_id in self.owner else None

    def user_jobs(self, user: str) -> list[str]:
        return list(self.users.get(user, ()))


class FairScheduler:
    def __init__(self, lanes=("fast", "hq"), told_per_user: int = TOLD_PER_USER) -> None:
        self.lanes = {name: Lane(told_per_user) for name in lanes}

    def push(self, lane: str, user: str, job_id: str, front: bool = False) -> None:
        self.lanes[lane].push(user, job_id, front)

    def pop(self, lane: str) -> str | None:
        return self.lanes[lane].pop()

    def remove(self, job_id: str) -> bool:
        return any(lane.remove(job_id) for lane in self.lanes.values())

    def lane_of(self, job_id: str) -> str | None:
        return next((name for name, lane in self.lanes.items() if job_id in lane.owner), None)

    def position(self, job_id: str) -> int | None:
        lane = self.lane_of(job_id)
        return None if lane is None else self.lanes[lane].position(job_id)

    def waiting(self, lane: str | None = None) -> int:
        return sum(len(l) for n, l in self.lanes.items() if lane in (None, n))

    def user_waiting(self, user: str) -> list[str]:
        return [j for lane in self.lanes.values() for j in lane.user_jobs(user)]


class ServiceTimes:
    """Moving average of how long jobs of each lane take, for ETAs and "try again in N minutes"."""

    def __init__(self, defaults: dict[str, float] | None = None, weight: float = 0.2) -> None:
        self.mean = dict(defaults or {"fast": 5.0, "hq": 120.0})
        self.weight = weight
        self.seen: dict[str, int] = {}

    def add(self, lane: str, seconds: float) -> None:
        n = self.seen.get(lane, 0)
        old = self.mean.get(lane, seconds)
        self.mean[lane] = seconds if n == 0 else old + self.weight * (seconds - old)
        self.seen[lane] = n + 1

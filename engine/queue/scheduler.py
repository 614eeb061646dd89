"""Fair scheduling of waiting jobs: one round-robin over users per lane ("fast", "hq").

Pure data structure, no I/O. One user's 20 photos take turns with every other user's photos, so
a job waits for at most (its index in its user's queue + 1) jobs of each other user. Positions
and ETAs follow from that order and the measured service time of the lane.
"""
from __future__ import annotations

from collections import OrderedDict, deque


class Lane:
    def __init__(self) -> None:
        self.users: "OrderedDict[str, deque[str]]" = OrderedDict()   # first user = served next
        self.owner: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.owner)

    def push(self, user: str, job_id: str, front: bool = False) -> None:
        dq = self.users.setdefault(user, deque())
        self.owner[job_id] = user
        if front:
            dq.appendleft(job_id)
            self.users.move_to_end(user, last=False)
        else:
            dq.append(job_id)

    def pop(self) -> str | None:
        if not self.users:
            return None
        user, dq = next(iter(self.users.items()))
        job_id = dq.popleft()
        del self.owner[job_id]
        if dq:
            self.users.move_to_end(user)
        else:
            del self.users[user]
        return job_id

    def remove(self, job_id: str) -> bool:
        user = self.owner.pop(job_id, None)
        if user is None:
            return False
        dq = self.users[user]
        dq.remove(job_id)
        if not dq:
            del self.users[user]
        return True

    def position(self, job_id: str) -> int | None:
        """How many waiting jobs of this lane will start before this one."""
        user = self.owner.get(job_id)
        if user is None:
            return None
        k = self.users[user].index(job_id)
        ahead, before = k, True
        for other, dq in self.users.items():
            if other == user:
                before = False
                continue
            ahead += min(len(dq), k + 1 if before else k)
        return ahead

    def user_jobs(self, user: str) -> list[str]:
        return list(self.users.get(user, ()))


class FairScheduler:
    def __init__(self, lanes=("fast", "hq")) -> None:
        self.lanes = {name: Lane() for name in lanes}

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

"""A place in line once told never goes back (QA flood: "3rd, 2nd, 3rd"), with turns kept fair."""
import random

from engine.queue.scheduler import TOLD_PER_USER, Lane


def test_newcomer_not_put_ahead_of_a_second_job_told_its_place():
    # the QA's flood: user b's second photo was told "3rd"; a's newer photo went ahead of it
    lane = Lane()
    lane.push("a", "a0")
    lane.push("b", "b0")
    lane.push("b", "b1")
    told = lane.position("b1")
    lane.push("a", "a1")
    assert lane.position("b1") <= told
    assert [lane.pop() for _ in range(4)] == ["a0", "b0", "b1", "a1"]


def test_positions_never_rise_as_chat_users_come_and_go():
    """Three chat users (at most TOLD_PER_USER waiting each, as the bot lets them) sending and
    being served at random: no job's place in line ever goes up."""
    rnd = random.Random(7)
    lane, told, n = Lane(), {}, 0
    for _ in range(2000):
        user = rnd.choice("abc")
        if rnd.random() < 0.55 and len(lane.user_jobs(user)) < TOLD_PER_USER:
            n += 1
            lane.push(user, f"{user}{n}")
        elif len(lane):
            lane.pop()
        for job in lane.owner:
            pos = lane.position(job)
            assert pos <= told.get(job, pos), job
            told[job] = pos


def test_turns_stay_fair_past_the_told_ones():
    # a /preview's grid of 9 tiles: another user's two photos wait for its first two, not all nine
    lane = Lane()
    for i in range(9):
        lane.push("grid", f"g{i}")
    lane.push("light", "l0")
    lane.push("light", "l1")
    order = [lane.pop() for _ in range(11)]
    assert order.index("l0") == 2 and order.index("l1") == 3
    assert lane.position("g0") is None and lane.pop() is None


def test_a_users_later_turns_still_alternate():
    # past the told ones, round robin as before: a heavy user's third photo waits for a light
    # user's second turn
    lane = Lane()
    for i in range(5):
        lane.push("heavy", f"h{i}")
    for i in range(3):
        lane.push("light", f"l{i}")
    order = [lane.pop() for _ in range(8)]
    assert order == ["h0", "h1", "l0", "l1", "h2", "l2", "h3", "h4"]


def test_put_back_job_goes_first_and_positions_match_pops():
    lane = Lane()
    for user, job in [("a", "a0"), ("b", "b0"), ("a", "a1"), ("c", "c0")]:
        lane.push(user, job)
    lane.push("b", "b9", front=True)
    positions = {job: lane.position(job) for job in lane.owner}
    order = [lane.pop() for _ in range(len(positions))]
    assert order[0] == "b9"
    assert {job: order.index(job) for job in positions} == positions

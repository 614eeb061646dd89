"""QA of `python -m engine` (fresh eyes):

- a mix was written two ways: `stylize --style gogh --style monet:0.3` against `submit --style
  gogh:0.7,monet:0.3`; stylize read the comma form as one unknown style, submit kept only the last
  of repeated --style. Both take both now (arguments.style_mix);
- `stylize -o out.gif` (or .tif, .bmp) wrote that format and exited 0, where --help names .jpg,
  .png and .webp: other names are refused in one line, exit 2, before painting;
- five subcommands' own --help had no description line."""
from __future__ import annotations

import argparse

import pytest

from engine.arguments import style_mix
from engine.jobs import JobResult

from tests.engine.runs import cli


def test_one_style_or_a_comma_list_each_with_an_optional_weight():
    assert style_mix("gogh") == [("gogh", 1.0)]
    assert style_mix("monet:0.3") == [("monet", 0.3)]
    assert style_mix("gogh:0.7, monet:0.3,klimt") == [("gogh", 0.7), ("monet", 0.3), ("klimt", 1.0)]
    assert style_mix("gogh:") == [("gogh", 1.0)]
    assert style_mix("paintings/starry.jpg:2") == [("paintings/starry.jpg", 2.0)]
    assert style_mix("C:\\paintings\\a.jpg") == [("C:\\paintings\\a.jpg", 1.0)]     # a drive's colon


def test_a_painting_whose_name_holds_a_comma_or_colon_is_taken_whole(tmp_path):
    painting = tmp_path / "Starry night, 1889: study.jpg"
    painting.write_bytes(b"a painting")
    assert style_mix(str(painting)) == [(str(painting), 1.0)]
    assert style_mix(f"{painting}:0.5") == [(str(painting), 0.5)]


@pytest.mark.parametrize("text, words", [
    ("gogh:abc", "'abc' is not a weight"), (":0.3", "an artist or a painting"), ("gogh,,monet", "an artist or a"),
    ("gogh:-1", "style weights must be 0 or more"), ("gogh:nan", "a style weight must be a finite number"),
    ("gogh:inf", "finite")])
def test_a_bad_style_is_one_sentence(text, words):
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        style_mix(text)
    assert words in str(refused.value)


@pytest.fixture()
def painted(monkeypatch):
    """Engine.stylize records the style it was given and returns the photo, unpainted."""
    from engine.core import Engine

    seen = []

    def stylize(self, photo, style, **kwargs):
        seen.append(style)
        return photo

    monkeypatch.setattr(Engine, "stylize", stylize)
    return seen


def test_stylize_takes_a_comma_mix_and_repeated_styles(tmp_path, photo, capsys, painted):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, out, lines = cli(capsys, "stylize", src, "--style", "gogh:0.7,monet:0.3", "-o", tmp_path / "a.jpg")
    assert status == 0, lines
    status, out, lines = cli(capsys, "stylize", src, "--style", "gogh:0.7", "--style", "monet:0.3,klimt:0.5",
                             "-o", tmp_path / "b.png")
    assert status == 0, lines
    assert painted == [[("gogh", 0.7), ("monet", 0.3)], [("gogh", 0.7), ("monet", 0.3), ("klimt", 0.5)]]
    status, _, lines = cli(capsys, "stylize", src, "--style", "gogh", "-o", tmp_path / "c.webp")
    assert status == 0 and painted[-1] == "gogh", lines


@pytest.mark.parametrize("name", ["out.gif", "out.tif", "out.bmp", "out.ppm", "out"])
def test_stylize_refuses_an_output_it_does_not_name_in_its_help(name, tmp_path, photo, capsys, painted):
    src = tmp_path / "photo.png"
    photo.save(src)
    status, _, lines = cli(capsys, "stylize", src, "--style", "gogh", "-o", tmp_path / name)
    assert status == 2 and len(lines) == 1 and "name it .jpg, .png or .webp" in lines[0], lines
    assert painted == [] and not (tmp_path / name).exists()


class FakeQueue:
    """RedisQueue as submit uses it: each job is painted at once (its photo's bytes back)."""
    jobs: list = []

    def __init__(self, settings, url):
        self.results = {}

    async def start(self):
        pass

    async def stop(self):
        pass

    async def submit(self, job):
        FakeQueue.jobs.append(job)
        self.results[job.id] = JobResult(job.id, True, image=job.image)

    async def wait(self, job_id):
        return self.results[job_id]


@pytest.fixture()
def queue(monkeypatch):
    import engine.queue.redis_streams as redis_streams

    FakeQueue.jobs = []
    monkeypatch.setattr(redis_streams, "RedisQueue", FakeQueue)
    return FakeQueue.jobs


def submit(capsys, tmp_path, *styles):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"sent as it is")
    return cli(capsys, "submit", "--redis", "redis://127.0.0.1:1/0", "-o", tmp_path / "out", photo, *styles)


def test_submit_takes_repeated_styles_and_a_comma_mix(tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", "gogh", "--style", "monet:0.3,klimt:0.5")
    assert status == 0, lines
    assert [(s.kind, s.value, s.weight) for s in queue[-1].styles] == [
        ("artist", "gogh", 1.0), ("artist", "monet", 0.3), ("artist", "klimt", 0.5)]
    status, _, lines = submit(capsys, tmp_path)
    assert status == 0 and [(s.value, s.weight) for s in queue[-1].styles] == [("gogh", 1.0)], lines


def test_submit_refuses_a_mix_of_zero_weights_over_its_styles(tmp_path, capsys, queue):
    status, _, lines = submit(capsys, tmp_path, "--style", "gogh:0", "--style", "monet:0")
    assert status == 2 and len(lines) == 1 and "at least one style weight must be more than 0" in lines[0], lines
    assert queue == [] and not (tmp_path / "out").exists()


def test_every_command_has_a_help_line_and_a_description():
    from engine.__main__ import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    assert set(helps) == set(commands.choices) and len(helps) >= 10
    for name, parser in commands.choices.items():
        assert helps[name], name
        assert parser.description and parser.description.endswith("."), name

"""Store.has_jobs: whether a user has any job in the history (the web chat's newcomer check asks
it on a page's hello; it read every row of the user's history to see if there was one)."""
import time

from bot.store import Store


def test_has_jobs_is_true_once_the_user_has_a_job_and_false_for_others(tmp_path):
    store = Store(tmp_path)
    assert not store.has_jobs("web:ann")
    store.record_job(id="j1", user_id="web:ann", chat_id="web:ann", platform="web", command="/style gogh",
                     method="adain", alpha=1.0, max_side=128, styles=[], created=time.time(), seconds=1.0,
                     paint_seconds=1.0, ok=True, error_key=None)
    assert store.has_jobs("web:ann") and store.jobs_of("web:ann")
    assert not store.has_jobs("web:bob")
    store.close()

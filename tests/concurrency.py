"""Firing many requests at one moment, to prove the invariants hold under concurrency."""
import threading

from portal.db import database


def race(app, jobs):
    """Run every job at the same moment in its own thread; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        with app.test_request_context():
            barrier.wait()
            try:
                results[i] = job()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                results[i] = error
            finally:
                database.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

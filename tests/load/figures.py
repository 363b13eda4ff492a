"""What a load test measured: outcomes by kind, answer times, rounds; one line for the terminal, a JSON file."""
import json
import statistics
import time
from collections import Counter


class Figures:
    """The figures of one load test on one engine, gathered round by round."""

    def __init__(self, test, engine):
        self.test, self.engine = test, engine
        self.began = time.monotonic()
        self.rounds, self.clients = 0, 0
        self.outcomes, self.seconds, self.round_seconds = Counter(), [], []
        self.extra = Counter()

    def add_round(self, outcomes, seconds):
        """Count one round's outcomes and how long its answers took."""
        self.rounds += 1
        self.clients = max(self.clients, len(outcomes))
        self.outcomes.update(outcome.kind for outcome in outcomes)
        self.seconds.extend(outcome.seconds for outcome in outcomes)
        self.round_seconds.append(seconds)

    def count(self, name, n=1):
        """Count something beside the outcomes (workers killed, retries)."""
        self.extra[name] += n

    def as_dict(self):
        ordered = sorted(self.seconds)
        return {
            "test": self.test, "engine": self.engine, "rounds": self.rounds, "clients": self.clients,
            "outcomes": dict(self.outcomes), "5xx": self.outcomes.get("5xx", 0), **dict(self.extra),
            "answer_seconds": {
                "median": round(statistics.median(ordered), 3) if ordered else None,
                "p95": round(ordered[int(len(ordered) * 0.95) - 1], 3) if ordered else None,
                "max": round(ordered[-1], 3) if ordered else None,
            },
            "slowest_round_seconds": round(max(self.round_seconds, default=0), 3),
            "test_seconds": round(time.monotonic() - self.began, 2),
        }

    def line(self):
        """One line: test, engine, rounds × clients, outcomes, 5xx, answer times, the whole test's time."""
        d = self.as_dict()
        outcomes = ", ".join(f"{kind} {n}" for kind, n in sorted(d["outcomes"].items()))
        extra = "".join(f", {name} {n}" for name, n in sorted(self.extra.items()))
        times = d["answer_seconds"]
        return (f"{self.test}[{self.engine}]: {d['rounds']} rounds x {d['clients']} clients; {outcomes}; "
                f"5xx {d['5xx']}{extra}; answers median {times['median']} s, p95 {times['p95']} s, "
                f"max {times['max']} s; test {d['test_seconds']} s")

    def write(self, folder):
        """Keep the figures as JSON in `folder`; return the file."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.test}-{self.engine}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2))
        return path

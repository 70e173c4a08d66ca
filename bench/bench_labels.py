"""Statements labelled per second on one core (CPU seconds of this
single-threaded process; wall-clock rate too), over generated statements in
both languages (the shipped model and the rules alone), and for the model
with a paragraph around each statement (the pipeline passes one; it is
embedded too, for about_migration)."""

from __future__ import annotations

import random
import time
from pathlib import Path

N = 20_000

_EN = [
    "Migrants are not a threat; they build our homes and cook our meals.",
    "Every foreign worker should be fingerprinted at the border and entered in a single registry.",
    "Since the taxi ban for migrants came in, getting a car at night is nearly impossible.",
    "We will keep strict control over entry while helping those who arrive to integrate.",
    "The new cardiology wing will open in spring and add eighty beds.",
    "Our data migration to the cloud will be finished by March.",
    "Polls show a clear majority want stricter migration rules.",
    "The quota for foreign workers next year has been set at {n} thousand.",
]
_RU = [
    "Мигранты — не угроза, а ресурс для экономики региона.",
    "Нужно ввести обязательную геолокацию для трудовых мигрантов на весь срок действия патента.",
    "С тех пор как мигрантам запретили работать в такси, вечером машину не дождёшься.",
    "Мы будем жёстко контролировать въезд и при этом помогать приезжим адаптироваться.",
    "Тарифы на отопление вырастут с 1 июля, но ниже уровня инфляции.",
    "Перелётные птицы в этом году мигрируют на юг позже обычного.",
    "Опросы показывают, что большинство граждан за ужесточение миграционной политики.",
    "За год в регионе выдано около {n} тысяч патентов иностранным гражданам.",
]


def statements(n: int = N, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lang = "ru" if i % 2 else "en"
        s = rng.choice(_RU if lang == "ru" else _EN).format(n=rng.randint(2, 99))
        # vary the word forms so the per-word caches do not make it trivial
        extra = rng.choice(["", f" ({rng.randint(1, 10**6)})", " " + rng.choice(_RU if lang == "ru" else _EN)])
        out.append({"text": s + extra, "lang": lang, "context": None})
    return out


def with_context(items: list[dict], seed: int = 1) -> list[dict]:
    """Each statement inside a paragraph of two or three sentences."""
    rng = random.Random(seed)
    out = []
    for it in items:
        pool = _RU if it["lang"] == "ru" else _EN
        before = rng.choice(pool).format(n=rng.randint(2, 99))
        out.append(it | {"context": f"{before} {it['text']} ({rng.randint(1, 10**6)})"})
    return out


def run(work: Path) -> dict:
    from shiftwatch.labels import Labeller

    items = statements()
    result = {"statements": len(items)}
    model = Labeller.load()
    for name, labeller, batch in (("model", model, items), ("rules", Labeller(), items),
                                  ("model_with_context", model, with_context(items))):
        labeller.label_many(batch[:200])  # load lexicons, the morphology and the encoder once
        from shiftwatch.labels import encoder

        encoder._CACHE.clear()  # the runs share texts: each must embed its own
        t, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(batch), 1000):
            labeller.label_many(batch[i : i + 1000])
        dt, dcpu = time.perf_counter() - t, time.process_time() - cpu
        # CPU time is what one core spends; wall time also counts other processes' load
        result[f"{name}_per_cpu_second"] = round(len(batch) / dcpu)
        result[f"{name}_per_wall_second"] = round(len(batch) / dt)
        result[f"{name}_version"] = labeller.version
    return result

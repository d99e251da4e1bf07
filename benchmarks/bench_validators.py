"""How much CPU one MeterValues.req validation costs: the generated plain-Python validator vs
jsonschema's Draft4Validator on the official schema vs the ocpp package's ``_validate_payload``
(what its ChargePoint runs for every message).

A script that prints numbers, not a test: ``.venv/bin/python benchmarks/bench_validators.py``.
The payload is a realistic periodic sample: one meterValue with 8 sampledValues (energy, power,
current and voltage per phase, SoC, temperature).
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

import jsonschema
from ocpp.messages import Call, _validate_payload

from codegen.ocpp_schemas import load_official_schemas
from generated.validators import validate_request

_SAMPLES = [
    ("Energy.Active.Import.Register", "Wh", None, "123456.7"),
    ("Power.Active.Import", "W", None, "7200"),
    ("Current.Import", "A", "L1", "31.2"),
    ("Current.Import", "A", "L2", "0.0"),
    ("Current.Import", "A", "L3", "0.0"),
    ("Voltage", "V", "L1-N", "231.4"),
    ("SoC", "Percent", None, "64"),
    ("Temperature", "Celsius", None, "28.5"),
]

PAYLOAD: dict[str, object] = {
    "connectorId": 1,
    "transactionId": 1234,
    "meterValue": [
        {
            "timestamp": "2025-01-01T12:00:00Z",
            "sampledValue": [
                {
                    "value": value,
                    "context": "Sample.Periodic",
                    "format": "Raw",
                    "measurand": measurand,
                    "location": "Outlet",
                    "unit": unit,
                    **({"phase": phase} if phase else {}),
                }
                for measurand, unit, phase, value in _SAMPLES
            ],
        }
    ],
}


def _per_call_us(func: Callable[[], object], number: int) -> float:
    """Best of five runs, in microseconds per call (best: least disturbed by other load)."""
    return min(timeit.repeat(func, number=number, repeat=5)) / number * 1e6


def main() -> None:
    schema = load_official_schemas().actions["MeterValues"].request
    draft4 = jsonschema.Draft4Validator(schema)
    call = Call(unique_id="1", action="MeterValues", payload=PAYLOAD)

    # all three agree the payload is valid before anything is timed
    assert validate_request("MeterValues", PAYLOAD) is None
    draft4.validate(PAYLOAD)
    _validate_payload(call, "1.6")

    generated = _per_call_us(lambda: validate_request("MeterValues", PAYLOAD), 20_000)
    oracle = _per_call_us(lambda: draft4.validate(PAYLOAD), 500)
    ocpp_package = _per_call_us(lambda: _validate_payload(call, "1.6"), 500)

    print("MeterValues.req, 1 meterValue x 8 sampledValues, CPU per validation (best of 5)")
    print(f"  generated validator        {generated:9.1f} us")
    print(f"  jsonschema Draft4Validator {oracle:9.1f} us   ({oracle / generated:5.1f}x generated)")
    print(f"  ocpp _validate_payload     {ocpp_package:9.1f} us   "
          f"({ocpp_package / generated:5.1f}x generated)")


if __name__ == "__main__":
    main()

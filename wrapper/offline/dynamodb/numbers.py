"""DynamoDB's numbers: up to 38 significant digits, magnitudes from 1E-130 to 9.99…E+125.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
Python's default ``Decimal`` context keeps 28 digits, which silently cut 38-digit keys; every
operation here uses a context wide enough to be exact for any two numbers in DynamoDB's range,
then checks the result against DynamoDB's limits, as DynamoDB does before it stores one.
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation

from wrapper.offline.dynamodb.errors import DynamoError, validation

PRECISION = 38
MAX_EXPONENT = 125  # largest magnitude 9.99…E+125
MIN_EXPONENT = -130  # smallest magnitude 1E-130
# 1E+125 + 1E-130 needs 256 digits exactly; the result is then checked against PRECISION.
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
EXACT = Context(prec=400, Emax=10_000, Emin=-10_000)


def parse(text: object) -> Decimal:
    """A number attribute's text as an exact Decimal within DynamoDB's limits; ValidationException otherwise."""
    if not isinstance(text, str):
        # A JSON number where DynamoDB wants a string (Alternator's test_number.py, run against DynamoDB).
        raise DynamoError("SerializationException", "NUMBER_VALUE cannot be converted to String")
    try:
        parsed = Decimal(text) if text == text.strip() else Decimal("nan")  # Decimal would accept " 1"; DynamoDB does not
    except InvalidOperation:
        parsed = Decimal("nan")
    if not parsed.is_finite() or not text:
        raise validation(f"The parameter cannot be converted to a numeric value: {text}")
    if parsed.is_zero() and not MIN_EXPONENT <= parsed.adjusted() <= MAX_EXPONENT:
        # DynamoDB judges a zero written with an exponent by that exponent: 0e126 and 0e-131 are refused while
        # 0.0e126 (adjusted 125) passes (Alternator's test_number.py, which marks this DynamoDB's own quirk)
        checked(Decimal(1).scaleb(parsed.adjusted()))
    return checked(parsed)


def checked(value: Decimal) -> Decimal:
    if value.is_zero():
        return Decimal(0)
    if value.adjusted() > MAX_EXPONENT:
        raise validation(OVERFLOW)
    if value.adjusted() < MIN_EXPONENT:
        raise validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
    digits = value.normalize(EXACT).as_tuple().digits
    if len(digits) > PRECISION:
        raise validation("Attempting to store more than 38 significant digits in a Number")
    return value


def canonical(value: Decimal) -> str:
    """The form DynamoDB returns: no exponent, no leading or trailing zeros ("1.50" → "1.5")."""
    if value.is_zero():
        return "0"
    return format(value.normalize(EXACT), "f")


def arithmetic(a: Decimal, b: Decimal, op: str) -> str:
    exact = EXACT.add(a, b) if op == "+" else EXACT.subtract(a, b)
    if not exact.is_zero() and len(exact.normalize(EXACT).as_tuple().digits) > PRECISION:
        # A sum that needs more than 38 digits (1E+50 + 1) is refused with the overflow words, not the
        # significant-digits ones a stored literal gets: DynamoDB's own choice of message.
        raise validation(OVERFLOW)
    return canonical(checked(exact))

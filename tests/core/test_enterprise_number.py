import pytest
from django.core.exceptions import ValidationError

from werkbaar.core.validators import (
    enterprise_number_is_valid,
    format_enterprise_number,
    normalise_enterprise_number,
    validate_enterprise_number,
)


@pytest.mark.parametrize("value", ["0403.170.701", "BE 0403 170 701", "0403170701", "403170701"])
def test_valid_numbers_in_every_notation(value):
    assert enterprise_number_is_valid(value)
    assert normalise_enterprise_number(value) == "0403170701"
    assert format_enterprise_number(value) == "0403.170.701"


@pytest.mark.parametrize("value", ["0403.170.702", "0403.170.799", "2403170701", "abcdefghij"])
def test_invalid_check_digits_or_first_digit(value):
    assert not enterprise_number_is_valid(value)


def test_length_error_message_is_specific():
    with pytest.raises(ValidationError) as err:
        validate_enterprise_number("12345")
    assert err.value.code == "enterprise_number_length"


def test_checksum_error_message_is_specific():
    with pytest.raises(ValidationError) as err:
        validate_enterprise_number("0403.170.702")
    assert err.value.code == "enterprise_number_checksum"

from datetime import date

import pytest

from events.dates import InvalidEDTF, date_precision, html_datetime, parse_date


@pytest.mark.parametrize(
    ("edtf", "lower", "upper", "display"),
    [
        ("2021-04-28", date(2021, 4, 28), date(2021, 4, 28), "28 Apr 2021"),
        ("2019-09", date(2019, 9, 1), date(2019, 9, 30), "Sep 2019"),
        ("2020", date(2020, 1, 1), date(2020, 12, 31), "2020"),
        ("2021-04-28/2021-12-31", date(2021, 4, 28), date(2021, 12, 31), "later in 2021"),
        ("2021-04-28/2021-04-30", date(2021, 4, 28), date(2021, 4, 30), "28–30 Apr 2021"),
        ("2021-04-01/2021-06-30", date(2021, 4, 1), date(2021, 6, 30), "Apr – Jun 2021"),
        ("2021-04-28/2021-05-02", date(2021, 4, 28), date(2021, 5, 2), "28 Apr – 2 May 2021"),
        ("2020-12-30/2021-01-02", date(2020, 12, 30), date(2021, 1, 2), "30 Dec 2020 – 2 Jan 2021"),
        ("2019/2021", date(2019, 1, 1), date(2021, 12, 31), "2019–2021"),
        ("../2021-04-28", None, date(2021, 4, 28), "by 28 Apr 2021"),
        ("2021-04-28/..", date(2021, 4, 28), None, "from 28 Apr 2021"),
        ("2021-05/..", date(2021, 5, 1), None, "from May 2021"),
        ("../2021-04", None, date(2021, 4, 30), "by Apr 2021"),
        ("../2021", None, date(2021, 12, 31), "by 2021"),
        ("2021?", date(2021, 1, 1), date(2021, 12, 31), "2021?"),
        ("2021-04~", date(2021, 4, 1), date(2021, 4, 30), "c. Apr 2021"),
        ("2021-21", date(2021, 3, 1), date(2021, 5, 31), "Mar – May 2021"),
    ],
)
def test_edtf_gives_strict_day_bounds_and_a_display(edtf, lower, upper, display):
    bounds = parse_date(edtf)
    assert (bounds.lower, bounds.upper, bounds.display) == (lower, upper, display)


@pytest.mark.parametrize("edtf", ["2021-13", "28 April 2021", "", "2021-04-31x", "2021/2020"])
def test_invalid_edtf_is_an_error_naming_the_string(edtf):
    with pytest.raises(InvalidEDTF, match=repr(edtf).replace("?", r"\?")):
        parse_date(edtf)


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("2021-04-28", "2021-04-28"),
        ("2019-09", "2019-09"),
        ("2020", "2020"),
        ("../2021-04-28", None),
        ("2021-04-28/2021-12-31", None),
        ("2021?", None),
    ],
)
def test_only_plain_dates_become_html_datetimes(edtf, expected):
    assert html_datetime(edtf) == expected


@pytest.mark.parametrize(
    ("edtf", "precision"),
    [
        ("2021-04-28", "day"),
        ("2019-09", "month"),
        ("2020", "year"),
        ("2021-04-28/2021-12-31", "span"),
        ("2021-04-01/2021-05-31", "span"),
        ("../2021-04-28", "open"),
        ("2021-04-28/..", "open"),
    ],
)
def test_precision_says_how_well_the_bounds_pin_the_date(edtf, precision):
    bounds = parse_date(edtf)
    assert date_precision(bounds.lower, bounds.upper) == precision


def _edtf_package_bounds(edtf: str):
    from edtf import parse_edtf, struct_time_to_date

    parsed = parse_edtf(edtf)
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    return (
        None if isinstance(lower, float) else struct_time_to_date(lower),
        None if isinstance(upper, float) else struct_time_to_date(upper),
    )


@pytest.mark.parametrize(
    "edtf",
    [
        "2021", "1999-12", "2020-02", "2021-02", "2024-02-29", "2021-04-28",
        "2021-04-28/2021-12-31", "2019/2021-03", "../2021-04-28", "2021-05/..", "../2021",
        "2020-12-30/2021-01-02", "2021-04-28/2021-04-30",
    ],
)  # fmt: skip
def test_plain_forms_read_directly_agree_with_the_edtf_package(edtf):
    bounds = parse_date(edtf)
    assert (bounds.lower, bounds.upper) == _edtf_package_bounds(edtf)


@pytest.mark.parametrize("edtf", ["2021-02-29", "2021-00", "2021-13-01", "2021-04-31/2021-05"])
def test_plain_looking_but_invalid_forms_are_still_refused(edtf):
    with pytest.raises(InvalidEDTF):
        parse_date(edtf)

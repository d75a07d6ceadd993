"""Property tests: periods, numbers and codes written every way analysts write them parse back exactly."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.domain.schema import SECRET
from loaders.values.numbers import AmbiguousNumber, NotANumber, NotFinite, parse_number
from loaders.values.periods import MONTH_NAMES, dates_in_text, parse_period

SHORT = ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc")
years = st.integers(min_value=1990, max_value=2069)  # two-digit years pivot at 70
months = st.integers(min_value=1, max_value=12)
quarters = st.integers(min_value=1, max_value=4)


@given(years, months)
def test_every_month_spelling_parses_to_the_same_month(year, month):
    spellings = [f"{year}-{month:02d}", f"{month:02d}/{year}", f"{MONTH_NAMES[month - 1]} {year}",
                 f"{MONTH_NAMES[month - 1].capitalize()} {year}", f"{SHORT[month - 1]}-{year % 100:02d}",
                 f"{SHORT[month - 1]}. {year}", f"{year}{month:02d}", f"{month:02d}{year}",
                 datetime(year, month, 1), date(year, month, 15), f"{year}-{month:02d}-01"]
    for spelling in spellings:
        period = parse_period(spelling)
        assert period is not None, spelling
        assert (period.code, period.kind) == (f"{year}-{month:02d}", "month"), spelling
    serial = (date(year, month, 1) - date(1899, 12, 30)).days
    assert parse_period(float(serial), allow_serial=True).code == f"{year}-{month:02d}"
    assert parse_period(float(serial)) is None  # a bare number is a date only where a date is expected


@given(years, quarters)
def test_every_quarter_spelling_parses_to_the_same_quarter(year, quarter):
    ordinal = "1er" if quarter == 1 else f"{quarter}e"
    for spelling in (f"{year}-T{quarter}", f"T{quarter} {year}", f"{ordinal} trimestre {year}", f"{year}T{quarter}",
                     f"{year} Q{quarter}"):
        period = parse_period(spelling)
        assert (period.code, period.kind) == (f"{year}-T{quarter}", "quarter"), spelling
        assert period.label() == f"T{quarter} {year}"


def test_labels_are_french():
    assert parse_period("2020-04").label() == "avril 2020"
    assert parse_period("2020").label() == "2020"
    assert parse_period("Ensemble") is None and parse_period("2020-13") is None
    assert dates_in_text("Cumul du 1er mars au 21 juillet 2020") == [date(2020, 7, 21)]


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["\u00a0", "\u202f", " ", ""]))
def test_integers_with_any_thousands_separator(value, separator):
    text = f"{value:,}".replace(",", separator)
    assert parse_number(text) == (float(value), None)
    assert parse_number(float(value)) == (float(value), None)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9))
def test_decimal_comma_and_percent(units, tenth):
    assert parse_number(f"{units:,},{tenth}".replace(",", "\u202f", units >= 1000 and f"{units:,}".count(","))
                        ) == (units + tenth / 10, None)
    assert parse_number(f"{units},{tenth} %") == (units + tenth / 10, None)


@given(st.sampled_from(["s", "S", "<5", "< 5", "nd", "n.d.", "-", "///", "...", "n.s.", "", "  ", None, "secret", "s.s",
                        "*", "c"]))
def test_secret_markers_are_missing_with_a_flag_never_zero(marker):
    assert parse_number(marker) == (None, SECRET)


@given(st.text(alphabet="abcdefghijklmnopqrtuvwxyz", min_size=3))
def test_words_are_not_numbers(word):
    if word in {"secret"}:
        return
    try:
        parse_number(word)
    except NotANumber:
        return
    raise AssertionError(f"{word!r} parsed as a number")


@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity", "1e400", float("inf")])
def test_non_finite_numbers_are_refused(text):
    with pytest.raises(NotFinite):
        parse_number(text)


@pytest.mark.parametrize("text", ["1.234.567", "1,234,567", "1,234.5", "12.345.678,9.1"])
def test_numbers_with_several_separators_are_refused_as_ambiguous(text):
    with pytest.raises(AmbiguousNumber):
        parse_number(text)


def test_dotted_thousands_with_a_decimal_comma_is_the_one_mixed_form_read():
    assert parse_number("1.234,5") == (1234.5, None)


def test_an_infinite_or_ambiguous_count_refuses_the_file_with_its_place(workspace):
    from loaders import actions
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)",
             "2020-T2;5206;Cholet;A;1e400", "2020-T2;5202;Angers;A;1.234.567", "2020-T2;5216;Nantes;A;40000"]
    report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "infini.csv", workspace=workspace)
    assert not report.ok
    found = {(p.row, p.column): p.message for p in report.problems}
    assert "n'est pas un nombre fini" in found[(2, "E")] and "plusieurs points ou virgules" in found[(3, "E")]
    assert workspace.store.export().empty


def test_r_scientific_notation_and_spaces_in_counts_are_numbers():
    assert parse_number("39e3") == (39_000.0, None)
    assert parse_number("4\u202f820") == (4_820.0, None) and parse_number("4\u00a0820") == (4_820.0, None)

"""Property tests of header, name and code normalisation, and of Excel column letters."""

from hypothesis import given
from hypothesis import strategies as st

from loaders.errors import column_letter
from loaders.tables.columns import Role, assign_roles
from loaders.values.textnorm import name_key, normalize, pad_code


@given(st.integers(min_value=0, max_value=99_999))
def test_commune_codes_pad_to_five_digits_from_any_cell_type(n):
    text = f"{n:05d}"
    assert pad_code(n, 5) == text
    assert pad_code(float(n), 5) == text
    assert pad_code(str(n), 5) == text
    assert pad_code(f" {n}.0 ", 5) == text


@given(st.text())
def test_pad_code_returns_a_digit_code_or_none(text):
    result = pad_code(text, 9)
    assert result is None or (len(result) == 9 and (result.isdigit() or result[2] in "AB"))


def test_corsican_and_non_codes():
    assert pad_code("2a004", 5) == "2A004"
    assert pad_code("Nantes", 5) is None
    assert pad_code(44109.5, 5) is None
    assert pad_code("123456", 5) is None


@given(st.text())
def test_normalize_is_idempotent_and_plain(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once
    assert all(c.isascii() for c in once)


def test_names_match_regardless_of_case_accents_hyphens_and_saint():
    assert name_key("St-Nazaire") == name_key("SAINT NAZAIRE") == name_key("Saint-Nazaire")
    assert name_key("Château-Gontier\nsur-Mayenne") == "chateau gontier sur mayenne"
    assert name_key("Ste-Luce-sur-Loire") == name_key("Sainte Luce sur Loire")
    assert normalize("Nombre d’heures\u00a0demandées") == "nombre d heures demandees"


@given(st.integers(min_value=0, max_value=18_277))
def test_column_letters_round_trip(index):
    letters = column_letter(index)
    value = 0
    for char in letters:
        value = value * 26 + (ord(char) - 64)
    assert value - 1 == index


def test_roles_prefer_exact_synonyms_and_plural_headers():
    roles = [Role("commune", ("code commune",)), Role("name", ("territoire",), excludes=("code",))]
    assert assign_roles(["Territoires", "Code de la commune", "Code territoire"], roles) == {"name": 0, "commune": 1}
    assert column_letter(0) == "A" and column_letter(26) == "AA" and column_letter(None) is None

"""Reading ASAM JSON, the ASAM CSV export and IMB-style CSV, quirks and all."""

from pathlib import Path

import pytest

from feeds.formats import FeedError, Record, Rejection, read

FIXTURES = Path(__file__).parent / "fixtures"


def records(fmt: str, name: str):
    out = list(read(fmt, (FIXTURES / name).read_bytes()))
    return {r.external_id: r for r in out if isinstance(r, Record)}, {
        r.external_id: r.reason for r in out if isinstance(r, Rejection)
    }


def test_asam_json_keeps_every_record_and_says_why_it_refuses_one():
    read_, refused = records("asam-json", "asam.json")  # with a trailing comma, as some are
    assert list(read_) == ["2022-148", "2021-207", "2021-207#2", "2019-031"]
    assert refused == {
        "2018-555": "Unreadable: the date '08/03/2018' is not YYYY-MM-DD.",
        "2018-556": "Expected one latitude (N/S) and one longitude (E/W) in 'somewhere off Lagos'.",
    }
    first = read_["2022-148"].data
    assert first["occurred_on"] == "2022-05-28" and first["place"] == "Indonesia"
    assert (first["latitude"], first["longitude"]) == (1.116667, 103.516667)
    assert first["victim"] == "Marshall Islands-flagged bulk carrier MAGNUM ENERG"
    assert first["extra"] == {"reference": "2022-148", "navArea": "XI", "subreg": "71"}
    assert read_["2021-207"].data["latitude"] == -4.25  # from the position when no numbers
    assert read_["2019-031"].data["place"] == "Nigeria"  # after "(Update of entry ...)"
    assert (read_["2019-031"].data["latitude"], read_["2019-031"].data["longitude"]) == (6.0, 3.35)
    assert '"reference": "2022-148"' in read_["2022-148"].raw


def test_the_asam_csv_export_reads_like_the_api():
    read_, refused = records("asam-csv", "asam.csv")
    assert not refused
    assert list(read_) == ["2022-146", "2022-142", "2010-101"]
    assert read_["2022-146"].data["latitude"] == 46.630803
    assert read_["2022-142"].data["longitude"] == 43.516667  # a space before the line break
    assert read_["2010-101"].data["latitude"] == 1.369444  # seconds written "010"
    assert read_["2010-101"].data["description"].endswith('"quoted" text, and stole ropes.')
    assert read_["2010-101"].data["hostility"] == "THIEVES"


def test_imb_csv_reads_na_times_and_repeated_rows():
    read_, refused = records("imb-csv", "imb.csv")
    assert len(read_) == 4 and len(refused) == 1
    first, repeat, lagos, chittagong = read_.values()
    assert repeat.external_id == first.external_id + "#2"  # the list repeats some rows
    assert first.data["occurred_time"] is None and first.data["description"] == ""
    assert lagos.data["occurred_time"] == "02:59" and lagos.data["time_basis"] == "utc"
    assert lagos.data["vessel_name"] == "Atlantic Dawn"
    assert lagos.data["vessel_status_text"] == "Anchored"
    assert chittagong.data["occurred_time"] == "23:45" and chittagong.data["time_basis"] is None
    assert chittagong.data["vessel_name"] == ""  # NA
    assert list(refused.values()) == [
        "Unreadable: could not convert string to float: 'not-a-number'."
    ]


@pytest.mark.parametrize(
    ("fmt", "content", "message"),
    [
        ("asam-json", b'{"asam": [{"reference": "2022-1", "date": "2022-0', "cannot be read"),
        ("asam-json", b"<!DOCTYPE html><html><body>Maintenance</body></html>", "HTML page"),
        ("asam-json", b'{"results": []}', 'a list under "asam"'),
        ("asam-json", b"", "answered with nothing"),
        ("asam-csv", b"ref,when\r\n1,2\r\n", "lacks the columns reference, date, position"),
        ("imb-csv", b"<html><head></head></html>", "HTML page"),
        ("geojson-ish", b"{}", "No reader for the format"),
    ],
)
def test_unreadable_documents_fail_as_a_whole(fmt, content, message):
    with pytest.raises(FeedError, match=message):
        list(read(fmt, content))


def test_a_file_saved_by_a_spreadsheet_in_windows_1252_is_read():
    content = (
        (FIXTURES / "imb.csv")
        .read_text(encoding="utf-8")
        .replace("Atlantic Dawn", "Atl\u00e2ntico")
        .encode("cp1252")
    )
    read_, _ = records_from(content)
    assert any(r.data["vessel_name"] == "Atl\u00e2ntico" for r in read_)


def records_from(content: bytes):
    out = list(read("imb-csv", content))
    return [r for r in out if isinstance(r, Record)], [r for r in out if isinstance(r, Rejection)]


def test_a_byte_order_mark_is_not_part_of_the_first_column():
    content = b"\xef\xbb\xbf" + (FIXTURES / "asam.csv").read_bytes()
    assert len([r for r in read("asam-csv", content) if isinstance(r, Record)]) == 3


def test_an_imb_record_at_0N_0E_takes_the_position_its_narrative_states():
    header = (
        "date,time,longitude,latitude,attack_type,location_description,nearest_country,"
        "eez_country,shore_distance,shore_longitude,shore_latitude,attack_description,"
        "vessel_name,vessel_type,vessel_status,data_source\n"
    )
    text = (
        "2018-07-03,19:20 UTC,0,0,Attempted,Around 220nm SW of Bayelsa,NA,NA,0.68,NA,NA,"
        '"03.07.2018: 1920 UTC: Posn: 01:49.9N \u2013 003:12.1 E, Around 220nm SW of Bayelsa, '
        'Nigeria. Duty officer onboard a tug noticed a fishing boat.",NA,Tug,Underway,imb\n'
        "2018-07-04,NA,0,0,Boarded,Somewhere,NA,NA,NA,NA,NA,No position in the text.,NA,NA,NA,imb\n"
    )
    first, second = list(read("imb-csv", (header + text).encode()))
    assert (first.data["latitude"], first.data["longitude"]) == (1.831667, 3.201667)
    assert (second.data["latitude"], second.data["longitude"]) == (0.0, 0.0)  # left as given

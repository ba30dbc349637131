"""The rule engine on sentences written for these tests, one phrasing or exclusion each.

The rules are the project's seeds (dbt_project/seeds/rules_*.csv): these tests pin what they read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from danvan.facts import Article, Fact, extract_facts, load_rules

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


@pytest.fixture(scope="module")
def rules():
    return load_rules(SEEDS)


def facts(rules, text: str, title: str | None = None, published_at: date | None = None) -> list[Fact]:
    return extract_facts(
        Article(url="https://example.vn/bai", title=title, text=text, published_at=published_at), rules
    )


def triples(rules, text: str, **kw) -> list[tuple[str, float, str]]:
    return [(f.measure, f.value, f.value_qualifier) for f in facts(rules, text, **kw)]


# Dialogues


def test_sessions_opinions_and_resolved_opinions_of_a_dialogue_report(rules):
    text = (
        "Năm 2023, UBND huyện Thanh Liêm đã tổ chức 14 hội nghị đối thoại với nhân dân, "
        "tiếp nhận 265 ý kiến, kiến nghị; đến nay đã giải quyết, trả lời 241 ý kiến."
    )
    assert triples(rules, text) == [
        ("dialogue_sessions", 14, "exact"),
        ("dialogue_opinions", 265, "exact"),
        ("dialogue_opinions_resolved", 241, "exact"),
    ]


def test_subtotals_by_level_take_the_level_named_beside_them_and_their_total_has_none(rules):
    text = (
        "Toàn tỉnh tổ chức 1.318 cuộc đối thoại, trong đó cấp tỉnh 6 cuộc, cấp huyện 102 cuộc, "
        "cấp xã 1.210 cuộc."
    )
    got = [(f.value, f.admin_level) for f in facts(rules, text)]
    assert got == [(1318, "unspecified"), (6, "province"), (102, "district"), (1210, "commune")]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2023, các cấp đã tổ chức 71 cuộc đối thoại với Nhân dân: cấp huyện 7 cuộc, cấp xã 64 cuộc.",
        "Chính quyền tổ chức 71 cuộc đối thoại, trong đó cấp huyện tổ chức 7 cuộc và cấp xã tổ chức 64 cuộc.",
        "Chính quyền đã tổ chức 71 cuộc đối thoại với Nhân dân trong đó cấp huyện 7 cuộc, cấp xã 64 cuộc.",
        "Chính quyền tổ chức 71 cuộc đối thoại, gồm cấp huyện 7 cuộc và cấp phường 64 cuộc.",
    ],
)
def test_a_level_named_before_a_subtotal_belongs_to_it_not_to_the_number_before(rules, text):
    got = [(f.value, f.admin_level) for f in facts(rules, text)]
    assert got == [(71, "unspecified"), (7, "district"), (64, "commune")]


def test_a_total_with_its_own_level_keeps_it_beside_subtotals(rules):
    text = "Cấp huyện tổ chức 12 cuộc đối thoại, trong đó 5 cuộc định kỳ và 7 cuộc đột xuất."
    got = [(f.value, f.admin_level, f.dialogue_kind) for f in facts(rules, text)]
    assert got == [(12, "district", "unspecified"), (5, "district", "periodic"), (7, "district", "ad_hoc")]


def test_a_source_named_before_the_figures_is_not_the_level_of_the_dialogues(rules):
    text = (
        "Theo tổng hợp của Ban Dân vận Tỉnh ủy, năm 2023 UBND các xã, phường đã tổ chức "
        "215 cuộc đối thoại với Nhân dân."
    )
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(215, "commune")]


def test_dialogues_of_all_levels_together_have_no_level(rules):
    text = "Năm 2023, UBND các cấp trong tỉnh đã tổ chức 530 cuộc đối thoại trực tiếp với Nhân dân."
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(530, "unspecified")]


def test_the_audience_named_after_the_number_does_not_set_the_level(rules):
    text = (
        "Sáng 5/4, Chủ tịch UBND huyện Lục Nam chủ trì buổi đối thoại với Nhân dân thị trấn Đồi Ngô.\n"
        "Tham dự có 180 người dân các tổ dân phố trên địa bàn thị trấn."
    )
    got = [
        (f.measure, f.value, f.admin_level)
        for f in facts(rules, text, title="Huyện Lục Nam đối thoại với Nhân dân")
    ]
    assert got == [("dialogue_participants", 180, "district")]


def test_subtotals_inherit_the_kind_of_the_total(rules):
    text = (
        "Từ đầu năm, huyện đã tổ chức 57 cuộc đối thoại định kỳ, trong đó có 51 hội nghị cấp xã "
        "với 640 ý kiến; 6 hội nghị cấp huyện với 88 ý kiến. Ngoài ra có gần 20 cuộc đối thoại đột xuất."
    )
    got = [
        (f.measure, f.value, f.value_qualifier, f.admin_level, f.dialogue_kind) for f in facts(rules, text)
    ]
    assert got == [
        ("dialogue_sessions", 57, "exact", "unspecified", "periodic"),
        ("dialogue_sessions", 51, "exact", "commune", "periodic"),
        ("dialogue_opinions", 640, "exact", "commune", "periodic"),
        ("dialogue_sessions", 6, "exact", "district", "periodic"),
        ("dialogue_opinions", 88, "exact", "district", "periodic"),
        ("dialogue_sessions", 20, "less_than", "district", "ad_hoc"),
    ]


def test_a_count_after_in_which_borrows_the_dialogue_context_of_its_paragraph(rules):
    text = (
        "Năm qua, các xã đã tổ chức 33 cuộc tiếp xúc, đối thoại. "
        "Trong đó, cấp xã tổ chức 30 cuộc, nhận 210 ý kiến."
    )
    assert triples(rules, text) == [
        ("dialogue_sessions", 33, "exact"),
        ("dialogue_sessions", 30, "exact"),
        ("dialogue_opinions", 210, "exact"),
    ]


def test_opinions_and_participants_take_the_kind_of_the_dialogue_told_of_before(rules):
    text = (
        "Chiều 14/6, UBND huyện Hương Khê tổ chức đối thoại chuyên đề với người dân về đền bù đất.\n"
        "Buổi đối thoại có 160 người dân tham dự, bà con đã nêu 22 ý kiến."
    )
    got = [(f.measure, f.value, f.dialogue_kind) for f in facts(rules, text)]
    assert got == [("dialogue_participants", 160, "thematic"), ("dialogue_opinions", 22, "thematic")]


def test_a_new_count_of_dialogues_and_its_opinions_take_no_kind_from_the_sentences_before(rules):
    text = (
        "Huyện tổ chức 5 cuộc đối thoại định kỳ với Nhân dân.\n"
        "Ngoài ra, các xã đã tổ chức 12 cuộc đối thoại và tiếp nhận 40 ý kiến."
    )
    got = [(f.measure, f.value, f.dialogue_kind) for f in facts(rules, text)]
    assert got == [
        ("dialogue_sessions", 5, "periodic"),
        ("dialogue_sessions", 12, "unspecified"),
        ("dialogue_opinions", 40, "unspecified"),
    ]


def test_opinions_after_dialogues_of_two_kinds_have_no_kind(rules):
    text = (
        "Các xã tổ chức 30 cuộc đối thoại định kỳ và 4 cuộc đối thoại đột xuất.\n"
        "Người dân đã nêu 95 ý kiến tại các cuộc đối thoại."
    )
    got = [(f.value, f.dialogue_kind) for f in facts(rules, text)]
    assert got == [(30, "periodic"), (4, "ad_hoc"), (95, "unspecified")]


def test_opinions_said_to_be_resolved_after_the_count(rules):
    text = (
        "Tại các buổi đối thoại có 58 ý kiến của nhân dân; "
        "đã có 49 ý kiến được giải quyết, 9 ý kiến đang giải quyết."
    )
    assert triples(rules, text) == [
        ("dialogue_opinions", 58, "exact"),
        ("dialogue_opinions_resolved", 49, "exact"),
    ]


def test_opinions_answered_on_the_spot_are_resolved_opinions_taken_in_are_opinions(rules):
    text = "Tại buổi đối thoại, lãnh đạo xã đã trả lời trực tiếp 64 ý kiến, tiếp thu 11 ý kiến khác."
    assert triples(rules, text) == [
        ("dialogue_opinions_resolved", 64, "exact"),
        ("dialogue_opinions", 11, "exact"),
    ]


def test_participants_of_a_commune_dialogue(rules):
    text = (
        "Chiều 12/7, UBND xã Tân Hòa tổ chức hội nghị đối thoại với nhân dân.\n"
        "Hội nghị có hơn 120 người dân tham dự, 23 ý kiến phát biểu."
    )
    got = [(f.measure, f.value, f.value_qualifier, f.admin_level) for f in facts(rules, text)]
    assert got == [
        ("dialogue_participants", 120, "more_than", "commune"),
        ("dialogue_opinions", 23, "exact", "commune"),
    ]


def test_district_leaders_meeting_a_communes_people_is_a_district_dialogue(rules):
    text = "Thường trực Huyện ủy đối thoại với nhân dân xã Đồng Tâm; tại buổi đối thoại có 17 ý kiến."
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(17, "district")]


def test_a_spelled_out_small_number_counts(rules):
    assert triples(rules, "Tháng này xã tổ chức ba cuộc đối thoại với thanh niên.") == [
        ("dialogue_sessions", 3, "exact")
    ]


def test_voter_meetings_are_not_dialogues(rules):
    text = "Tổ đại biểu HĐND tỉnh tổ chức 9 cuộc tiếp xúc cử tri, có 420 cử tri dự và 63 ý kiến đối thoại."
    assert facts(rules, text) == []


def test_a_share_of_opinions_is_no_fact(rules):
    assert facts(rules, "Qua đối thoại, hơn 90% ý kiến của người dân đã được giải đáp.") == []


def test_meetings_of_another_kind_in_a_dialogue_paragraph_are_no_sessions(rules):
    text = "Huyện đẩy mạnh đối thoại với dân. Năm qua huyện tổ chức 40 hội nghị tuyên truyền pháp luật."
    assert facts(rules, text) == []


def test_reception_sessions_are_not_dialogues_and_lend_them_no_kind(rules):
    text = (
        "Năm qua, lãnh đạo huyện tiếp công dân định kỳ 10 buổi, tiếp đột xuất 4 buổi, "
        "tổ chức 3 cuộc đối thoại với hộ có đơn khiếu nại."
    )
    assert [(f.measure, f.value, f.dialogue_kind) for f in facts(rules, text)] == [
        ("dialogue_sessions", 3, "unspecified")
    ]


def test_dialogue_with_a_number_of_people_counts_them_as_participants(rules):
    text = "Bí thư Huyện ủy đối thoại với gần 180 đoàn viên thanh niên về chuyển đổi số."
    assert [(f.measure, f.value, f.value_qualifier, f.admin_level) for f in facts(rules, text)] == [
        ("dialogue_participants", 180, "less_than", "district")
    ]


def test_a_voters_meeting_clause_does_not_spoil_the_dialogue_clause(rules):
    text = "Tổ đại biểu HĐND tổ chức 11 cuộc tiếp xúc cử tri; UBND xã tổ chức 6 cuộc đối thoại với nhân dân."
    assert triples(rules, text) == [("dialogue_sessions", 6, "exact")]


# Complaints


def test_a_reception_report_with_visits_people_delegations_and_petitions(rules):
    text = (
        "Các cơ quan hành chính đã tiếp 3.106 lượt công dân với 3.870 người, 17 đoàn đông người; "
        "tiếp nhận 1.412 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh."
    )
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [
        ("citizen_reception_visits", 3106, "unspecified"),
        ("citizen_reception_people", 3870, "unspecified"),
        ("citizen_reception_delegations", 17, "unspecified"),
        ("petitions_received", 1412, "mixed"),
    ]


def test_visits_and_people_written_with_a_slash_are_two_facts_and_a_fraction_stays_one(rules):
    text = (
        "Ban Tiếp công dân huyện đã tiếp 458 lượt/512 người đến kiến nghị, phản ánh; "
        "đã giải quyết 37/41 vụ việc thuộc thẩm quyền."
    )
    assert triples(rules, text) == [
        ("citizen_reception_visits", 458, "exact"),
        ("citizen_reception_people", 512, "exact"),
        ("cases_resolved", 37, "exact"),
        ("cases_in_jurisdiction", 41, "exact"),
    ]


def test_a_cue_after_a_comma_leads_into_the_next_number_not_back_to_the_previous_one(rules):
    text = (
        "Số đơn thuộc thẩm quyền giải quyết của các cơ quan hành chính là 214 đơn, "
        "đã giải quyết xong 198 đơn, đạt 92,5%."
    )
    assert triples(rules, text) == [
        ("petitions_in_jurisdiction", 214, "exact"),
        ("cases_resolved", 198, "exact"),
        ("resolution_rate_pct", 92.5, "exact"),
    ]


def test_a_breakdown_after_a_semicolon_gives_subtotals_of_the_clause_before_it(rules):
    text = (
        "Năm 2024, huyện tiếp nhận 642 đơn; trong đó: khiếu nại 118 đơn, tố cáo 27 đơn, "
        "kiến nghị, phản ánh 497 đơn."
    )
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [
        ("petitions_received", 642, "unspecified"),
        ("petitions_received", 118, "complaint"),
        ("petitions_received", 27, "denunciation"),
        ("petitions_received", 497, "petition"),
    ]


def test_lượt_người_counts_people_and_a_scale_word_multiplies(rules):
    text = "Năm 2022, tỉnh tiếp gần 2,4 nghìn lượt người đến khiếu nại, tố cáo."
    assert triples(rules, text) == [("citizen_reception_people", 2400, "less_than")]


def test_jurisdiction_resolution_and_rate_with_subtotals_in_brackets(rules):
    text = (
        "Số đơn thuộc thẩm quyền là 96 đơn (71 khiếu nại, 25 tố cáo); đã giải quyết 88 đơn, đạt tỷ lệ 91,67%."
    )
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [
        ("petitions_in_jurisdiction", 96, "mixed"),
        ("petitions_in_jurisdiction", 71, "complaint"),
        ("petitions_in_jurisdiction", 25, "denunciation"),
        ("cases_resolved", 88, "unspecified"),
        ("resolution_rate_pct", 91.67, "unspecified"),
    ]


def test_a_resolved_over_total_fraction_gives_both_counts(rules):
    text = "Đã giải quyết 41/47 vụ việc khiếu nại thuộc thẩm quyền, còn 6 vụ đang xác minh."
    assert triples(rules, text) == [("cases_resolved", 41, "exact"), ("cases_in_jurisdiction", 47, "exact")]


def test_fractions_per_kind_follow_their_own_kind(rules):
    text = "Kết quả đã giải quyết 27/30 đơn KN và 8/9 đơn TC thuộc thẩm quyền."
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [
        ("cases_resolved", 27, "complaint"),
        ("petitions_in_jurisdiction", 30, "complaint"),
        ("cases_resolved", 8, "denunciation"),
        ("petitions_in_jurisdiction", 9, "denunciation"),
    ]


@pytest.mark.parametrize("joint", ["trong đó", "gồm", "bao gồm", "trong đó:"])
def test_list_items_after_in_which_share_the_verb_of_the_total(rules, joint):
    text = f"Thanh tra tỉnh tiếp nhận 212 đơn, {joint} 130 đơn khiếu nại, 61 đơn tố cáo và 21 đơn kiến nghị."
    got = [(f.value, f.complaint_kind) for f in facts(rules, text) if f.measure == "petitions_received"]
    assert got == [(212, "mixed"), (130, "complaint"), (61, "denunciation"), (21, "petition")]


def test_a_list_opened_by_a_colon_runs_on_across_semicolons(rules):
    text = "Huyện tiếp nhận 305 đơn thư, trong đó: 41 đơn khiếu nại; 19 đơn tố cáo; 245 đơn kiến nghị."
    got = [(f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [(305, "mixed"), (41, "complaint"), (19, "denunciation"), (245, "petition")]


@pytest.mark.parametrize("unit", ["vụ việc", "đơn"])
def test_a_semicolon_without_a_colon_still_ends_the_statement(rules, unit):
    text = f"Thanh tra huyện đã giải quyết 30 {unit} thuộc thẩm quyền; 5 {unit} đang giải quyết."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("cases_resolved", 30)]


def test_a_verb_before_a_list_governs_every_item(rules):
    text = "Thanh tra huyện tham mưu giải quyết 31 đơn khiếu nại, 7 đơn tố cáo thuộc thẩm quyền của huyện."
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [("cases_resolved", 31, "complaint"), ("cases_resolved", 7, "denunciation")]


def test_cases_to_be_resolved_are_the_cases_in_jurisdiction(rules):
    text = "Tổng số vụ việc khiếu nại phải giải quyết là 58 vụ, đã giải quyết 51 vụ, đạt 87,9%."
    assert triples(rules, text) == [
        ("cases_in_jurisdiction", 58, "exact"),
        ("cases_resolved", 51, "exact"),
        ("resolution_rate_pct", 87.9, "exact"),
    ]


def test_mediation_and_accidents_are_not_complaint_cases(rules):
    text = (
        "Năm qua, các tổ hòa giải đã hòa giải thành 41 vụ việc; xảy ra 9 vụ tai nạn, không có đơn khiếu nại."
    )
    assert facts(rules, text) == []


def test_kinds_named_before_each_item_of_a_list(rules):
    text = (
        "Thanh tra huyện tiếp nhận 640 đơn, trong đó: khiếu nại 210 đơn, tố cáo 52 đơn, "
        "kiến nghị phản ánh 378 đơn."
    )
    got = [(f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [(640, "unspecified"), (210, "complaint"), (52, "denunciation"), (378, "petition")]


def test_received_and_resolved_together_counts_as_received(rules):
    text = "Trong năm, toàn huyện đã tiếp nhận, giải quyết 387 đơn thư khiếu nại, đạt 97%."
    assert triples(rules, text) == [
        ("petitions_received", 387, "exact"),
        ("resolution_rate_pct", 97, "exact"),
    ]


def test_a_rounded_rate_in_a_headline_stated_before_its_verb(rules):
    text = "Gần 96% vụ việc khiếu nại, tố cáo thuộc thẩm quyền đã được giải quyết"
    assert triples(rules, text) == [("resolution_rate_pct", 96, "less_than")]


def test_a_resolved_count_followed_by_cases_in_progress_is_kept(rules):
    text = "Các cơ quan đã giải quyết 27 vụ việc khiếu nại, 4 vụ đang giải quyết."
    assert triples(rules, text) == [("cases_resolved", 27, "exact")]


def test_delegations_counted_after_their_label(rules):
    text = "Số lượt tiếp công dân: 860 lượt; số đoàn đông người: 5 đoàn."
    assert triples(rules, text) == [
        ("citizen_reception_visits", 860, "exact"),
        ("citizen_reception_delegations", 5, "exact"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Số đơn khiếu nại tăng 58 đơn so với cùng kỳ năm trước.",
        "Trong kỳ có 19 đơn tồn đầu kỳ chưa được xử lý xong về khiếu nại.",
        "Số đơn kỳ trước chuyển sang là 33 đơn khiếu nại.",
        "Trong số đơn khiếu nại nhận được, đơn đủ điều kiện xử lý là 540 đơn.",
        "Có 44 đơn khiếu nại không thuộc thẩm quyền, đã hướng dẫn công dân.",
        "Hiện còn 12 vụ việc khiếu nại thuộc thẩm quyền đang giải quyết.",
        "Tỷ lệ giải quyết hồ sơ thủ tục hành chính đúng hạn đạt 98,2%, không có đơn khiếu nại.",
        "Lượng đơn thư khiếu nại, tố cáo giảm gần 25% so với cùng kỳ.",
        "Phấn đấu giải quyết 90% đơn khiếu nại thuộc thẩm quyền.",
    ],
)
def test_changes_backlogs_eligibility_other_jurisdictions_progress_and_targets_are_no_facts(rules, text):
    assert facts(rules, text) == []


def test_a_resolution_rate_stated_loosely(rules):
    text = "Các cấp đã giải quyết đạt trên 87% số vụ việc khiếu nại, tố cáo thuộc thẩm quyền."
    assert triples(rules, text) == [("resolution_rate_pct", 87, "more_than")]


# Awards


def test_award_recipients_by_type_with_form_and_issuer(rules):
    text = "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 07 tập thể, 12 cá nhân có thành tích xuất sắc."
    got = [(f.value, f.value_text, f.recipient_type, f.award_form, f.issuer) for f in facts(rules, text)]
    assert got == [
        (7, "07", "collective", "bang_khen", "Chủ tịch UBND tỉnh"),
        (12, "12", "individual", "bang_khen", "Chủ tịch UBND tỉnh"),
    ]


def test_recipients_named_before_the_award(rules):
    text = (
        "Nhân dịp này, 9 tập thể và 14 cá nhân được UBND huyện tặng Giấy khen vì thành tích trong phong trào."
    )
    got = [(f.value, f.recipient_type, f.award_form) for f in facts(rules, text)]
    assert got == [(9, "collective", "giay_khen"), (14, "individual", "giay_khen")]


def test_the_same_number_for_two_kinds_of_recipient_is_two_facts(rules):
    text = "Ban Dân vận Tỉnh ủy tặng Giấy khen cho 06 tập thể, 06 cá nhân tiêu biểu."
    assert [(f.value, f.recipient_type) for f in facts(rules, text)] == [(6, "collective"), (6, "individual")]


def test_commemorative_medals_and_emulation_flags(rules):
    text = (
        "Ban Dân vận Trung ương trao Kỷ niệm chương “Vì sự nghiệp Dân vận” cho 28 đồng chí. "
        "Có 2 xã được nhận Cờ thi đua của Chính phủ."
    )
    got = [(f.value, f.award_form, f.recipient_type) for f in facts(rules, text)]
    assert got == [(28, "ky_niem_chuong", "individual"), (2, "co_thi_dua", "collective")]


def test_recipients_counted_in_turns_and_awards_counted_by_form(rules):
    text = "Năm qua, tỉnh khen thưởng 140 lượt tập thể, cá nhân; UBND tỉnh tặng 36 Bằng khen, 9 Cờ thi đua."
    got = [(f.value, f.award_form, f.recipient_type) for f in facts(rules, text)]
    assert got == [(140, None, "mixed"), (36, "bang_khen", None), (9, "co_thi_dua", None)]


def test_each_recipient_takes_the_form_named_for_it(rules):
    text = "UBND xã tặng danh hiệu “Gia đình văn hóa” cho 9 hộ gia đình và tặng Giấy khen cho 17 cá nhân."
    assert [(f.value, f.award_form) for f in facts(rules, text)] == [(9, "other"), (17, "giay_khen")]


@pytest.mark.parametrize(
    "text",
    [
        "Có 13 tập thể và 22 cá nhân được đề nghị Thủ tướng Chính phủ tặng Bằng khen.",
        "Sở Nội vụ đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 11 tập thể, 16 cá nhân.",
        "Hội đồng thi đua đề nghị khen thưởng 8 mô hình “Dân vận khéo” tiêu biểu.",
    ],
)
def test_a_proposal_is_no_award(rules, text):
    assert facts(rules, text) == []


def test_a_proposal_governs_an_award_verb_far_after_it_in_the_clause(rules):
    text = (
        "Hội nghị nhất trí đề nghị Bộ trưởng Bộ Nội vụ xem xét, trình Thủ tướng Chính phủ "
        "tặng Bằng khen cho 1 tập thể và 3 cá nhân có thành tích xuất sắc."
    )
    assert facts(rules, text) == []


def test_a_submission_to_a_higher_authority_is_a_proposal(rules):
    assert facts(rules, "Dịp này, UBND tỉnh đã trình Thủ tướng Chính phủ tặng Bằng khen cho 3 tập thể.") == []


def test_an_award_before_a_proposal_in_the_next_clause_counts(rules):
    text = (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể; đồng thời đề nghị Thủ tướng Chính phủ "
        "tặng Bằng khen cho 2 tập thể."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("award_recipients", 12)]


def test_an_award_beside_a_proposal_in_another_sentence_counts(rules):
    text = (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể. "
        "Hội nghị cũng đề nghị Thủ tướng Chính phủ tặng Bằng khen cho 1 tập thể."
    )
    assert [(f.measure, f.value, f.award_form) for f in facts(rules, text)] == [
        ("award_recipients", 4, "bang_khen")
    ]


# Dân vận khéo models


def test_models_with_their_subtotals_and_levels(rules):
    text = (
        "Toàn huyện hiện có 318 mô hình “Dân vận khéo”. Bao gồm: 121 mô hình trong lĩnh vực kinh tế, "
        "97 mô hình văn hóa - xã hội và 100 mô hình khác; 14 mô hình được công nhận cấp tỉnh."
    )
    got = [(f.value, f.admin_level) for f in facts(rules, text)]
    assert got == [
        (318, "district"),
        (121, "district"),
        (97, "district"),
        (100, "district"),
        (14, "province"),
    ]


def test_models_recognised_and_rewarded_by_all_levels_are_a_count_of_models(rules):
    text = "Sau 5 năm, có 1.460 mô hình, điển hình “Dân vận khéo” được các cấp công nhận, khen thưởng."
    assert triples(rules, text) == [("dan_van_kheo_models", 1460, "exact")]


def test_a_number_inside_a_place_name_is_no_count(rules):
    text = "Người dân phường Tân Phong 2 phản ánh việc đối thoại còn hình thức."
    assert facts(rules, text) == []


def test_a_model_that_receives_an_award_is_an_award_recipient(rules):
    text = (
        "Phong trào “Dân vận khéo” có 260 mô hình cấp cơ sở và 3 mô hình được nhận Bằng khen của UBND tỉnh."
    )
    got = [(f.measure, f.value, f.recipient_type) for f in facts(rules, text)]
    assert got == [("dan_van_kheo_models", 260, "model"), ("award_recipients", 3, "model")]


def test_a_change_in_the_number_of_models_and_a_share_are_no_facts(rules):
    text = "Năm nay có 420 mô hình “Dân vận khéo”, tăng 37 mô hình; gần 80% mô hình hoạt động hiệu quả."
    assert triples(rules, text) == [("dan_van_kheo_models", 420, "exact")]


def test_models_picked_for_a_book_are_no_count(rules):
    text = "Có 4 mô hình “Dân vận khéo” của xã được chọn in trong cuốn sách của tỉnh."
    assert facts(rules, text) == []


# Article-level behaviour


def test_a_headline_repeating_a_body_figure_is_one_fact(rules):
    title = "Quỳnh Phụ tổ chức 64 cuộc đối thoại"
    text = title + "\n\nNăm 2022, huyện Quỳnh Phụ đã tổ chức 64 cuộc đối thoại với nhân dân."
    assert triples(rules, text, title=title) == [("dialogue_sessions", 64, "exact")]


def test_a_headline_repeating_a_body_figure_with_other_qualifiers_is_still_one_fact(rules):
    title = "Mường Lát: 36 cuộc đối thoại với Nhân dân"
    text = (
        "Năm 2023, Ủy ban nhân dân các cấp huyện Mường Lát tổ chức 36 cuộc đối thoại, "
        "trong đó cấp huyện 3 cuộc, cấp xã 33 cuộc. Có hơn 410 ý kiến được nêu tại các cuộc đối thoại."
    )
    got = [
        (f.measure, f.value, f.admin_level, f.char_offset > len(title))
        for f in facts(rules, text, title=title)
    ]
    assert got == [
        ("dialogue_sessions", 36, "unspecified", True),
        ("dialogue_sessions", 3, "district", True),
        ("dialogue_sessions", 33, "commune", True),
        ("dialogue_opinions", 410, "unspecified", True),
    ]


def test_a_headline_rounding_a_body_figure_is_a_fact_of_its_own(rules):
    title = "Hơn 96% vụ việc khiếu nại được giải quyết"
    text = "Năm 2023, UBND tỉnh đã giải quyết 97/100 vụ việc thuộc thẩm quyền, đạt tỷ lệ 97%."
    got = [(f.measure, f.value, f.value_qualifier) for f in facts(rules, text, title=title)]
    assert ("resolution_rate_pct", 96, "more_than") in got
    assert ("resolution_rate_pct", 97, "exact") in got


def test_a_headline_only_in_the_title_field_is_read_too(rules):
    found = facts(
        rules, "Nội dung chỉ nói chung về công tác dân vận.", title="Huyện có 12 cuộc đối thoại với dân"
    )
    assert [(f.measure, f.value) for f in found] == [("dialogue_sessions", 12)]


def test_evidence_is_the_sentence_and_offsets_point_at_the_number(rules):
    text = "Mở đầu bài viết.\n\nNăm 2021, xã Hòa Tiến tổ chức 5 cuộc đối thoại với dân. Kết thúc."
    [fact] = facts(rules, text, published_at=date(2021, 12, 30))
    assert fact.evidence == "Năm 2021, xã Hòa Tiến tổ chức 5 cuộc đối thoại với dân."
    assert text[fact.char_offset : fact.char_offset + len(fact.value_text)] == "5"
    assert (fact.sentence_index, fact.period_label, fact.period_year) == (1, "Năm 2021", 2021)


def test_the_period_of_an_earlier_sentence_carries_over(rules):
    text = (
        "Trong 6 tháng đầu năm 2019, công tác dân vận có nhiều chuyển biến. Huyện tổ chức 8 cuộc đối thoại."
    )
    [fact] = facts(rules, text)
    assert (fact.period_label, fact.period_year) == ("6 tháng đầu năm 2019", 2019)


def test_the_province_comes_from_the_place_the_article_names(rules):
    text = "Năm 2020, UBND tỉnh Nam Định đã tổ chức 18 cuộc đối thoại với nhân dân."
    [fact] = facts(rules, text, published_at=date(2020, 12, 1))
    assert fact.province == "Nam Định"


def test_an_off_topic_article_full_of_numbers_yields_nothing(rules):
    text = (
        "Năm 2023, tổng sản phẩm trên địa bàn tăng 6,8%, thu ngân sách đạt 9.200 tỷ đồng. "
        "Toàn tỉnh có 1.040 hộ nghèo, 312 người được hỗ trợ việc làm; xếp thứ 21/63 tỉnh, thành. "
        "Theo Quyết định số 215/QĐ-UBND, 3 xã được công nhận đạt chuẩn nông thôn mới."
    )
    assert facts(rules, text) == []


def test_to_row_gives_every_column(rules):
    [fact] = facts(rules, "Huyện tổ chức 8 cuộc đối thoại với dân.")
    row = fact.to_row()
    assert row["measure"] == "dialogue_sessions"
    assert {"fact_table", "value_text", "province_today", "char_offset", "evidence"} <= row.keys()


# Phrasings real reports use: complaints and reception


def test_an_aside_in_brackets_does_not_part_a_count_from_its_cue(rules):
    text = (
        "Năm 2024, các cơ quan hành chính đã đón tiếp 412 lượt công dân (tăng 3% so với cùng kỳ năm 2023) "
        "với 498 người đến khiếu nại, tố cáo."
    )
    assert triples(rules, text) == [
        ("citizen_reception_visits", 412, "exact"),
        ("citizen_reception_people", 498, "exact"),
    ]


def test_list_items_go_on_past_their_asides_and_a_backlog_in_an_aside_excludes_only_itself(rules):
    text = (
        "Công tác giải quyết khiếu nại, tố cáo. Qua phân loại, có 310 vụ việc KN (42 vụ việc từ kỳ trước "
        "chuyển sang), 27 vụ việc TC (3 vụ việc từ kỳ trước chuyển sang) thuộc thẩm quyền giải quyết."
    )
    assert triples(rules, text) == [
        ("cases_in_jurisdiction", 310, "exact"),
        ("cases_in_jurisdiction", 27, "exact"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Về khiếu nại, tố cáo: đã giải quyết xong 128 vụ việc KN, đạt 88,3%; 41 vụ việc TC, đạt 91%.",
            [
                ("cases_resolved", 128),
                ("resolution_rate_pct", 88.3),
                ("cases_resolved", 41),
                ("resolution_rate_pct", 91),
            ],
        ),
        (
            "Thanh tra tỉnh tiếp nhận 640 đơn khiếu nại, tố cáo; trong đó: khiếu nại 35 đơn; tố cáo 18 đơn; "
            "kiến nghị, phản ánh 587 đơn.",
            [
                ("petitions_received", 640),
                ("petitions_received", 35),
                ("petitions_received", 18),
                ("petitions_received", 587),
            ],
        ),
        (
            "Các cấp tổ chức 46 cuộc đối thoại với Nhân dân; cấp huyện 4 cuộc; cấp xã 42 cuộc.",
            [("dialogue_sessions", 46), ("dialogue_sessions", 4), ("dialogue_sessions", 42)],
        ),
    ],
)
def test_a_clause_that_opens_with_its_number_or_its_kind_shares_the_verb_before_the_semicolon(
    rules, text, expected
):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_a_clause_with_a_verb_of_its_own_after_a_semicolon_is_not_the_list_before_it(rules):
    text = "Về khiếu nại, tố cáo, UBND huyện tiếp nhận 75 đơn; chuyển 20 đơn đến cơ quan có thẩm quyền."
    assert triples(rules, text) == [("petitions_received", 75, "exact")]


def test_a_sentence_that_opens_with_a_breakdown_breaks_down_the_facts_of_the_one_before(rules):
    text = (
        "Năm 2024, Thanh tra tỉnh tiếp nhận 229 đơn. Trong đó: khiếu nại 12 đơn; "
        "tố cáo 7 đơn; kiến nghị, phản ánh 210 đơn."
    )
    got = [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)]
    assert got == [
        ("petitions_received", 229, "unspecified"),
        ("petitions_received", 12, "complaint"),
        ("petitions_received", 7, "denunciation"),
        ("petitions_received", 210, "petition"),
    ]


@pytest.mark.parametrize(
    "second",
    [
        "Trong đó, đã chuyển 41 đơn đến cơ quan có thẩm quyền.",  # a verb of its own
        "Trong đó, có 9 đơn khiếu nại đúng, 14 đơn khiếu nại sai.",  # outcomes
    ],
)
def test_a_breakdown_sentence_gives_nothing_where_its_items_have_their_own_verb_or_are_outcomes(
    rules, second
):
    text = f"Về xử lý đơn khiếu nại, tố cáo, Thanh tra tỉnh tiếp nhận 229 đơn. {second}"
    assert triples(rules, text) == [("petitions_received", 229, "exact")]


def test_outcomes_and_methods_of_resolved_cases_are_no_facts(rules):
    text = (
        "Đến hết năm 2024, đã giải quyết 96 đơn khiếu nại và 31 đơn tố cáo; trong đó có 8 đơn khiếu nại "
        "đúng, 12 đơn khiếu nại đúng một phần, 20 đơn được rút và 56 đơn khiếu nại sai. Trong 96 vụ việc "
        "đã giải quyết, có 11 vụ việc được giải quyết thông qua hòa giải. Kết quả: khiếu nại đúng 3 vụ việc; "
        "khiếu nại sai 9 vụ việc."
    )
    assert triples(rules, text) == [("cases_resolved", 96, "exact"), ("cases_resolved", 31, "exact")]


def test_a_breakdown_of_an_excluded_subset_is_excluded_with_it_but_a_statement_in_brackets_is_not(rules):
    text = (
        "Về khiếu nại, tố cáo, qua phân loại có 900 đơn đủ điều kiện xử lý (trong đó có 105 đơn khiếu nại, "
        "tố cáo, 795 đơn kiến nghị, phản ánh; có 50 vụ việc thuộc thẩm quyền). So với cùng kỳ, số đơn tiếp "
        "nhận tăng 31 đơn (năm 2023 tiếp nhận 1.120 đơn)."
    )
    assert triples(rules, text) == [
        ("cases_in_jurisdiction", 50, "exact"),
        ("petitions_received", 1120, "exact"),
    ]


def test_a_total_after_a_slash_is_the_total_of_the_count_before_it(rules):
    text = "Về khiếu nại, tố cáo, đã giải quyết 176 đơn (150 khiếu nại, 26 tố cáo)/230 đơn, đạt tỷ lệ 76,5%."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_resolved", 176),
        ("cases_resolved", 150),
        ("cases_resolved", 26),
        ("petitions_in_jurisdiction", 230),
        ("resolution_rate_pct", 76.5),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ngành thanh tra tiếp nhận 66 đơn, thụ lý giải quyết 25 đơn khiếu nại.",
            [("petitions_received", 66), ("petitions_in_jurisdiction", 25)],
        ),
        (
            "Toàn tỉnh tiếp nhận giải quyết theo thẩm quyền 2.886 đơn khiếu nại, tố cáo.",
            [("petitions_in_jurisdiction", 2886)],
        ),
        ("Về khiếu nại, UBND huyện đã giải quyết theo thẩm quyền 40 đơn.", [("cases_resolved", 40)]),
    ],
)
def test_taking_on_complaints_to_resolve_is_jurisdiction_resolving_them_is_resolution(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_ended_processing_is_not_resolution(rules):
    text = "Về khiếu nại, UBND tỉnh đã ban hành thông báo chấm dứt thụ lý, giải quyết khiếu nại 14 vụ."
    assert triples(rules, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Có trên 1.500 lượt công dân được tiếp tại trụ sở tiếp công dân tỉnh.",
            [("citizen_reception_visits", 1500)],
        ),
        (
            "Trong số 980 lượt công dân mà các cơ quan hành chính trên địa bàn huyện đã tiếp trong năm, "
            "Ban Tiếp công dân tiếp 120 lượt.",
            [("citizen_reception_visits", 980), ("citizen_reception_visits", 120)],
        ),
        (
            "Các sở, ngành tiếp định kỳ và đột xuất của thủ trưởng là 1.555 lượt với 1.237 người.",
            [("citizen_reception_visits", 1555), ("citizen_reception_people", 1237)],
        ),
        (
            "Trong đó, tiếp thường xuyên 161/201 người.",
            [("citizen_reception_visits", 161), ("citizen_reception_people", 201)],
        ),
        (
            "Trụ sở tiếp công dân tỉnh tiếp 18 lượt, huyện Mường Khương tiếp 9 lượt.",
            [("citizen_reception_visits", 18), ("citizen_reception_visits", 9)],
        ),
    ],
)
def test_visits_stated_passively_after_the_count_or_with_their_people(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, f"Tiếp công dân. {text}")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Các cơ quan tiếp 4 đoàn đông người (tăng 1 đoàn so với cùng kỳ) với 57 người.",
            [("citizen_reception_delegations", 4), ("citizen_reception_people", 57)],
        ),
        (
            "UBND tỉnh tiếp 5 đoàn gồm 62 người.",
            [("citizen_reception_delegations", 5), ("citizen_reception_people", 62)],
        ),
        (
            "Các huyện tiếp 03 lượt đoàn/41 lượt người đến khiếu nại.",
            [("citizen_reception_delegations", 3), ("citizen_reception_people", 41)],
        ),
    ],
)
def test_delegations_and_the_people_in_them(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, f"Tiếp công dân. {text}")] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ban tiếp công dân đã trả lời trực tiếp 30 lượt cho công dân.",  # 'trực tiếp' is no reception
        "Đoàn công tác của tỉnh đã tiếp 3 đoàn kiểm tra của bộ.",  # inspection teams are no delegations
        "Khu du lịch đã đón tiếp 3.000 lượt khách trong dịp lễ.",  # visitors are not citizens received
    ],
)
def test_near_misses_of_reception_give_nothing(rules, text):
    assert triples(rules, f"Tiếp công dân, giải quyết khiếu nại. {text}") == []


# Phrasings real reports use: dialogues and awards


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tham dự hội nghị đối thoại có lãnh đạo các sở, ngành của tỉnh và hơn 150 đại biểu và người dân.",
            ("dialogue_participants", 150, "more_than"),
        ),
        (
            "Tại buổi đối thoại với 80 bà con nhân dân thôn Nà Hẩu, lãnh đạo huyện đã trả lời.",
            ("dialogue_participants", 80, "exact"),
        ),
        (
            "Buổi đối thoại có đại diện 60 hộ dân có đất bị thu hồi tham dự.",
            ("dialogue_participants", 60, "exact"),
        ),
        (
            "Dự buổi đối thoại còn có đại diện các hội, đoàn thể và 230 thanh niên tiêu biểu của tỉnh.",
            ("dialogue_participants", 230, "exact"),
        ),
    ],
)
def test_participants_named_by_who_they_are(rules, text, expected):
    assert triples(rules, text) == [expected]


def test_those_who_spoke_at_a_dialogue_are_not_its_participants(rules):
    text = "Tại buổi đối thoại với nhân dân, có 25 người dân phát biểu ý kiến."
    assert [f.measure for f in facts(rules, text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại hội nghị đối thoại, Ban Tổ chức ghi nhận 40 phản ánh và 12 kiến nghị của người dân.",
            [("dialogue_opinions", 40), ("dialogue_opinions", 12)],
        ),
        ("Hội nghị đối thoại đã tiếp thu 35 lượt ý kiến của nông dân.", [("dialogue_opinions", 35)]),
        (
            "Tại các buổi đối thoại, người dân nêu 135 ý kiến, trong đó 120 ý kiến được trả lời trực tiếp, "
            "15 ý kiến tiếp thu để chỉ đạo giải quyết.",
            [
                ("dialogue_opinions", 135),
                ("dialogue_opinions_resolved", 120),
                ("dialogue_opinions_resolved", 15),
            ],
        ),
    ],
)
def test_opinions_under_other_nouns_and_what_became_of_them(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Năm 2024, UBND xã đã tổ chức đối thoại qua 04 lần tổ chức với 320 lượt người tham dự.",
            [("dialogue_sessions", 4), ("dialogue_participants", 320)],
        ),
        ("Huyện ủy tổ chức 3 đợt đối thoại với đoàn viên, thanh niên.", [("dialogue_sessions", 3)]),
        ("Cùng với đối thoại, huyện tổ chức 5 đợt tuyên truyền pháp luật.", []),
    ],
)
def test_sessions_counted_as_occasions(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen 25 cá nhân có thành tích xuất sắc.",
            [(25, "bang_khen", "individual")],
        ),
        ("Huyện đoàn tặng giấy khen 9 đoàn viên tiêu biểu.", [(9, "giay_khen", "individual")]),
        (
            "UBND tỉnh tặng Bằng khen 11 tập thể có thành tích trong phong trào và Bằng khen 4 tập thể "
            "trong công tác dân vận.",
            [(11, "bang_khen", "collective"), (4, "bang_khen", "collective")],
        ),
        (
            "Chủ tịch UBND huyện tặng Giấy khen cho 30 tập thể và 30 cá nhân.",
            [(30, "giay_khen", "collective"), (30, "giay_khen", "individual")],
        ),
        (
            "Chủ tịch nước tặng Huân chương Lao động hạng Ba cho 2 tập thể và 8 cá nhân là cán bộ lão thành.",
            [(2, "huan_chuong", "collective"), (8, "huan_chuong", "individual")],
        ),
        (
            "UBND tỉnh tặng Bằng khen cho 12 hộ gia đình, 5 người có uy tín và 7 công dân tiêu biểu.",
            [(12, "bang_khen", "collective"), (5, "bang_khen", "individual"), (7, "bang_khen", "individual")],
        ),
        (
            "Dịp này, UBND huyện khen thưởng 40 tập thể, cá nhân có thành tích trong phong trào.",
            [(40, None, "mixed")],
        ),
        ("Ban Thường vụ Huyện ủy tặng thư khen 6 tập thể.", [(6, "other", "collective")]),
        (
            "Tại hội nghị, 5 tập thể và 10 cá nhân có thành tích xuất sắc về xây dựng và thực hiện "
            "Quy chế dân chủ được Ủy ban nhân dân huyện khen thưởng.",
            [(5, None, "collective"), (10, None, "individual")],
        ),
    ],
)
def test_award_recipients_in_the_shapes_reports_use(rules, text, expected):
    assert [(f.value, f.award_form, f.recipient_type) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hội đồng thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 14 tập thể.",
        "Hội đồng Thi đua - Khen thưởng đã xét duyệt Bằng khen của UBND tỉnh cho 22 đơn vị.",
        "Đồng chí Bí thư đã nhận Bằng khen 3 lần trong nhiệm kỳ.",
    ],
)
def test_proposals_reviews_and_counts_of_times_are_no_award_recipients(rules, text):
    assert facts(rules, f"Khen thưởng Dân vận khéo. {text}") == []


def test_a_change_is_no_fact_but_the_earlier_figures_in_its_brackets_are(rules):
    text = (
        "Tiếp công dân. Năm 2024, các cơ quan tiếp 1.220 lượt công dân, giảm 30 lượt (cùng kỳ năm trước "
        "tiếp 1.250 lượt/1.400 lượt người). Số đơn tiếp nhận giảm 15 đơn (năm 2023 tiếp nhận 480 đơn)."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_visits", 1220),
        ("citizen_reception_visits", 1250),
        ("citizen_reception_people", 1400),
        ("petitions_received", 480),
    ]


def test_petitions_that_arose_in_the_period_are_received(rules):
    text = "Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh phát sinh trên địa bàn huyện năm 2024 là 412 đơn."
    assert triples(rules, text) == [("petitions_received", 412, "exact")]


def test_a_resolved_fraction_stated_before_its_verb(rules):
    text = "Về khiếu nại, tố cáo: 17/21 đơn tố cáo thuộc thẩm quyền được giải quyết, đạt tỷ lệ 81%."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_resolved", 17),
        ("petitions_in_jurisdiction", 21),
        ("resolution_rate_pct", 81),
    ]


def test_a_breakdown_larger_than_the_excluded_item_before_it_breaks_down_the_total(rules):
    text = (
        "Về đơn khiếu nại, tố cáo, toàn tỉnh tiếp nhận 905 đơn, trong đó nhận mới 870 đơn, kỳ trước chuyển "
        "sang 35 đơn gồm: 610 đơn khiếu nại, 95 đơn tố cáo, 200 đơn kiến nghị, phản ánh."
    )
    assert [f.value for f in facts(rules, text)] == [905, 870, 610, 95, 200]


def test_a_breakdown_no_larger_than_the_excluded_item_is_excluded_with_it(rules):
    text = (
        "Về đơn khiếu nại, tố cáo, toàn tỉnh tiếp nhận 905 đơn, kỳ trước chuyển sang 35 đơn gồm: "
        "30 đơn khiếu nại, 5 đơn tố cáo."
    )
    assert [f.value for f in facts(rules, text)] == [905]


def test_delegations_listed_by_district_with_their_people(rules):
    text = (
        "Tiếp công dân quý II. Các đoàn đông người đến từ: huyện Mường Lát 1 lượt đoàn (9 người), "
        "thị xã Bỉm Sơn 4 lượt đoàn (52 người)."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_delegations", 1),
        ("citizen_reception_people", 9),
        ("citizen_reception_delegations", 4),
        ("citizen_reception_people", 52),
    ]


def test_a_number_after_a_ward_name_stays_part_of_the_name(rules):
    text = "Tại buổi đối thoại, người dân phường Mỹ Đình 2 lượt phát biểu về đền bù."
    assert [f.value for f in facts(rules, text)] == []


def test_a_heading_with_a_colon_breaks_down_the_sentence_before(rules):
    text = (
        "Năm 2024, Ban Tiếp công dân tỉnh tiếp nhận 402 đơn. Phân loại theo nội dung: khiếu nại 61 đơn; "
        "tố cáo 17 đơn; kiến nghị, phản ánh 324 đơn."
    )
    assert [f.value for f in facts(rules, text)] == [402, 61, 17, 324]


def test_resolved_opinions_with_who_answered_them_named(rules):
    text = "Tại buổi đối thoại, 44 ý kiến được lãnh đạo UBND huyện và các phòng chuyên môn giải đáp."
    assert triples(rules, text) == [("dialogue_opinions_resolved", 44, "exact")]


@pytest.mark.parametrize(
    "text",
    [
        "Buổi đối thoại với doanh nghiệp thu hút gần 90 doanh nghiệp tham dự.",
        "Hội nghị đối thoại có hơn 60 hộ kinh doanh tại chợ trung tâm tham dự.",
    ],
)
def test_businesses_attending_a_dialogue_are_participants(rules, text):
    assert [f.measure for f in facts(rules, text)] == ["dialogue_participants"]


def test_a_breakdown_in_brackets_after_a_quoted_model_name(rules):
    text = 'Toàn huyện có 57 mô hình "Dân vận khéo" (cấp huyện 9, cấp xã 48).'
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [
        (57, "unspecified"),
        (9, "district"),
        (48, "commune"),
    ]


def test_a_short_form_of_the_reception_body_still_receives(rules):
    text = "Tiếp công dân. Ngoài ra, Ban tiếp thường xuyên 58 lượt, 64 người."
    assert [f.value for f in facts(rules, text)] == [58, 64]


@pytest.mark.parametrize(
    "text",
    [
        "Về giải quyết khiếu nại, tỷ lệ năm nay cao hơn 2,4% so với năm trước.",
        "Phấn đấu mỗi xã xây dựng ít nhất 1 mô hình “Dân vận khéo”.",
    ],
)
def test_a_rise_in_percent_and_a_floor_set_as_a_target_are_no_facts(rules, text):
    assert facts(rules, text) == []


def test_a_dialogue_fact_takes_the_level_of_the_authority_holding_the_dialogue_not_of_the_place(rules):
    text = (
        "Tối 14/5, tại nhà văn hóa thôn Ea Kmar, xã Ea Hu, huyện Cư Kuin, Thường trực Huyện ủy đã tổ chức "
        "hội nghị đối thoại với bà con.\n\nẢnh: Quang cảnh buổi đối thoại.\n\n"
        "Tại hội nghị, bà con thôn Ea Kmar đã nêu 12 ý kiến."
    )
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(12, "district")]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Toàn tỉnh tổ chức 81 cuộc đối thoại định kỳ, trong đó cấp huyện 3 cuộc, cấp xã 78 cuộc.",
            {3: 81, 78: 81},
        ),
        ("Về khiếu nại, đã tiếp nhận 221 đơn (196 khiếu nại, 25 tố cáo).", {196: 221, 25: 221}),
        (
            "Năm 2024, Thanh tra tỉnh tiếp nhận 229 đơn. Trong đó: khiếu nại 12 đơn; tố cáo 7 đơn.",
            {12: 229, 7: 229},
        ),
        ("Khen thưởng: tặng Bằng khen cho 3 tập thể, 5 cá nhân.", {}),
    ],
)
def test_a_part_of_a_total_knows_its_total_and_list_items_are_no_parts(rules, text, parts):
    found = facts(rules, text)
    offsets = {f.char_offset: f.value for f in found}
    assert {f.value: offsets[f.parent_offset] for f in found if f.parent_offset is not None} == parts


def test_a_part_whose_total_repeats_the_headline_keeps_the_body_total_as_its_parent(rules):
    found = facts(
        rules,
        "Năm 2024, Thanh tra tỉnh tiếp nhận 229 đơn, trong đó khiếu nại 12 đơn, tố cáo 7 đơn.",
        title="Tiếp nhận 229 đơn khiếu nại, tố cáo",
    )
    offsets = {f.char_offset for f in found}
    assert all(f.parent_offset in offsets for f in found if f.parent_offset is not None)


def test_what_each_named_place_did_is_one_fact_but_a_quota_per_place_is_none(rules):
    text = (
        "Năm 2024, cấp xã tổ chức 31 cuộc đối thoại. Các xã Tân Lập, Bình Minh mỗi nơi tổ chức 2 cuộc đối "
        "thoại. Huyện giao mỗi xã 1 cuộc đối thoại chuyên đề."
    )
    assert [f.value for f in facts(rules, text)] == [31, 2]


def test_table_rows_of_visits_per_people_and_delegations_per_people(rules):
    text = (
        "Kết quả tiếp công dân 9 tháng. Tổng số: 1.905 lượt/2.240 người; Đoàn đông người: 11 đoàn/206 người. "
        "Trong đó: Ban Tiếp công dân tỉnh: 402 lượt/455 người; Cấp xã: 611 lượt/720 người."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_visits", 1905),
        ("citizen_reception_people", 2240),
        ("citizen_reception_delegations", 11),
        ("citizen_reception_people", 206),
        ("citizen_reception_visits", 402),
        ("citizen_reception_people", 455),
        ("citizen_reception_visits", 611),
        ("citizen_reception_people", 720),
    ]


def test_delegations_by_district_without_dong_nguoi_when_their_people_follow_in_brackets(rules):
    text = (
        "Tiếp công dân: có 6 đoàn đông người, tập trung tại huyện Cẩm Mỹ 2 đoàn (40 người), "
        "huyện Định Quán 4 đoàn (71 người)."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_delegations", 6),
        ("citizen_reception_delegations", 2),
        ("citizen_reception_people", 40),
        ("citizen_reception_delegations", 4),
        ("citizen_reception_people", 71),
    ]


def test_a_rate_beside_cases_counted_as_vu(rules):
    text = (
        "Về khiếu nại, tố cáo. Các cơ quan hành chính đã giải quyết 64 vụ, đạt 91,4%; "
        "còn 6 vụ đang giải quyết."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_resolved", 64),
        ("resolution_rate_pct", 91.4),
    ]


def test_links_to_other_articles_are_not_this_articles_figures(rules):
    text = (
        "Năm 2024, huyện tổ chức 31 cuộc đối thoại với Nhân dân.\n\nXem thêm:\n"
        "- Kinh Môn tổ chức 24 cuộc đối thoại với Nhân dân\n"
        "- Chí Linh: 15 tập thể, cá nhân được khen thưởng\n\n"
        "Tin cùng chuyên mục\n- Thái Nguyên: 6 tháng tiếp nhận 2.310 đơn thư"
    )
    assert [f.value for f in facts(rules, text)] == [31]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đối thoại với Nhân dân: các buổi đối thoại thu hút hơn bốn trăm lượt người dân tham dự.", [400]),
        ("Đối thoại với Nhân dân: các buổi đối thoại thu hút hàng trăm lượt người dân tham dự.", []),
        ("Đối thoại với Nhân dân: phấn đấu mỗi xã tổ chức từ 2 đến 3 cuộc đối thoại.", []),
        ("Đối thoại với Nhân dân: năm nay có từ 2 đến 3 cuộc đối thoại mỗi quý.", []),
    ],
)
def test_spelled_hundreds_are_numbers_but_orders_of_magnitude_and_ranges_are_not(rules, text, expected):
    assert [f.value for f in facts(rules, text)] == expected


def test_a_deputies_meeting_with_voters_is_no_dialogue_even_when_it_says_doi_thoai(rules):
    text = (
        "Đại biểu Quốc hội tiếp xúc cử tri huyện Yên Định; cử tri đã đối thoại thẳng thắn với các đại biểu. "
        "Tham dự có 230 cử tri. Các đại biểu Quốc hội đã tiếp thu, giải trình 11 ý kiến."
    )
    assert facts(rules, text) == []


def test_opinions_taken_in_to_be_resolved_are_resolved(rules):
    text = (
        "Tại buổi đối thoại có 21 ý kiến phát biểu; Chủ tịch UBND xã đã trả lời trực tiếp 17 ý kiến, "
        "tiếp thu 4 ý kiến để chỉ đạo giải quyết."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("dialogue_opinions", 21),
        ("dialogue_opinions_resolved", 17),
        ("dialogue_opinions_resolved", 4),
    ]


def test_cases_taken_on_thu_ly_are_in_jurisdiction(rules):
    text = "Về tố cáo, các cơ quan thụ lý 14 vụ việc, đã giải quyết xong 12 vụ, đạt 85,7%."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_in_jurisdiction", 14),
        ("cases_resolved", 12),
        ("resolution_rate_pct", 85.7),
    ]


def test_each_figure_of_a_breakdown_by_place_has_its_place(rules):
    text = (
        "Tiếp công dân quý II. Các đoàn đông người đến từ: huyện Mường Lát 1 lượt đoàn (9 người), "
        "thị xã Bỉm Sơn 4 lượt đoàn (52 người)."
    )
    assert [(f.value, f.locality) for f in facts(rules, text)] == [
        (1, "huyện Mường Lát"),
        (9, "huyện Mường Lát"),
        (4, "thị xã Bỉm Sơn"),
        (52, "thị xã Bỉm Sơn"),
    ]


def test_a_figure_whose_sentence_names_no_place_is_where_the_lead_says(rules):
    text = (
        "Ngày 12/6, huyện Hàm Thuận Bắc tổng kết phong trào thi đua “Dân vận khéo”.\n\n"
        "Tại hội nghị, Ban Thường vụ Huyện ủy đã trao thư biểu dương cho 34 tập thể."
    )
    assert [(f.value, f.locality) for f in facts(rules, text)] == [(34, "huyện Hàm Thuận Bắc")]


def test_a_subset_after_trong_do_is_defined_by_its_own_cue(rules):
    text = "Về khiếu nại, UBND huyện tiếp nhận 238 đơn thư, trong đó 36 đơn thuộc thẩm quyền giải quyết."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_received", 238),
        ("petitions_in_jurisdiction", 36),
    ]


def test_kind_words_after_a_unit_do_not_part_it_from_a_verb_after_the_list(rules):
    text = (
        "Về khiếu nại, tố cáo: 96 đơn khiếu nại và 31 đơn tố cáo thuộc thẩm quyền của các cơ quan. "
        "Đến nay, 71 đơn khiếu nại và 18 đơn tố cáo đã được giải quyết."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_in_jurisdiction", 96),
        ("petitions_in_jurisdiction", 31),
        ("cases_resolved", 71),
        ("cases_resolved", 18),
    ]


def test_a_resolved_fraction_after_a_semicolon_shares_the_verb_before_it(rules):
    text = (
        "Về khiếu nại, tố cáo: các cơ quan đã giải quyết 98/104 vụ việc khiếu nại thuộc thẩm quyền, "
        "đạt 94,2%; 21/23 vụ việc tố cáo, đạt 91,3%."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_resolved", 98),
        ("cases_in_jurisdiction", 104),
        ("resolution_rate_pct", 94.2),
        ("cases_resolved", 21),
        ("cases_in_jurisdiction", 23),
        ("resolution_rate_pct", 91.3),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tiếp công dân. Trong quý I, 1.204 lượt công dân đã được các cơ quan hành chính trên địa bàn "
            "tỉnh tiếp.",
            [("citizen_reception_visits", 1204)],
        ),
        (
            "Khiếu nại, tố cáo. Tổng số đơn tiếp nhận trong kỳ trên địa bàn tỉnh Quảng Nam là 3.476 đơn.",
            [("petitions_received", 3476)],
        ),
        (
            "Tiếp công dân. Số lượt công dân đến trụ sở tiếp công dân các cấp đạt 2.914 lượt, "
            "với 3.377 người.",
            [("citizen_reception_visits", 2914), ("citizen_reception_people", 3377)],
        ),
        (
            "Đối thoại về đất đai. Hơn 200 người dân có đất bị ảnh hưởng bởi dự án đã tham dự.",
            [("dialogue_participants", 200)],
        ),
        ("Chủ tịch UBND tỉnh đối thoại với hơn 300 đại diện doanh nghiệp.", [("dialogue_participants", 300)]),
        (
            "Riêng ở cấp xã, có 1.032/1.100 ý kiến tại các hội nghị đối thoại được trả lời thỏa đáng.",
            [("dialogue_opinions_resolved", 1032), ("dialogue_opinions", 1100)],
        ),
        ("Chủ tịch UBND tỉnh gửi thư khen 3 mô hình “Dân vận khéo” tiêu biểu.", [("award_recipients", 3)]),
    ],
)
def test_topicalised_and_passive_statements(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đối thoại. MTTQ các cấp đã chủ trì giám sát 1.024 cuộc.", []),
        ("Đối thoại. Các đồng chí Phó Chủ tịch UBND tỉnh tiếp 26 buổi.", []),
        ("Đối thoại với nông dân: có 500 đại biểu nông dân, đại diện cho hơn 10 triệu hội viên.", [500]),
    ],
)
def test_supervision_reception_sittings_and_those_represented_are_no_dialogue_facts(rules, text, expected):
    assert [f.value for f in facts(rules, text)] == expected


def test_opinions_handed_to_agencies_to_study_are_pending_not_resolved(rules):
    text = (
        "Với 15 ý kiến được đặt ra tại buổi đối thoại, có 12 ý kiến được Bí thư Tỉnh ủy và lãnh đạo các sở, "
        "ngành trả lời trực tiếp; 3 ý kiến được giao các cơ quan chức năng nghiên cứu, trả lời bằng văn bản."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("dialogue_opinions", 15),
        ("dialogue_opinions_resolved", 12),
    ]


def test_the_prime_ministers_dialogue_is_central_and_a_holder_named_after_the_verb_counts(rules):
    first = facts(rules, "Thủ tướng Chính phủ đối thoại với nông dân. Tại hội nghị, nông dân nêu 26 ý kiến.")
    second = facts(rules, "Năm 2024 có 9 cuộc đối thoại đã được Chủ tịch UBND tỉnh trực tiếp chủ trì.")
    assert [f.admin_level for f in first + second] == ["central", "province"]


def test_ngot_means_nearly(rules):
    assert triples(rules, "Buổi đối thoại thu hút ngót 500 người dân tham dự.") == [
        ("dialogue_participants", 500, "less_than")
    ]


def test_opinions_answered_and_taken_in_on_the_spot_are_resolved(rules):
    text = "Tại buổi đối thoại, lãnh đạo huyện đã trả lời, tiếp thu 27 ý kiến ngay tại hội nghị."
    assert triples(rules, text) == [("dialogue_opinions_resolved", 27, "exact")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiếp công dân: so với cùng kỳ giảm 42 lượt tiếp, 57 lượt người.", []),
        (
            "Tiếp công dân: số đoàn đông người là 12 đoàn, tăng 4 đoàn và 61 người so với năm trước.",
            [("citizen_reception_delegations", 12)],
        ),
    ],
)
def test_a_change_governs_every_item_of_the_list_after_it(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_a_list_item_with_a_cue_of_its_own_is_not_reached_by_a_phrase_before_the_list(rules):
    text = "Khiếu nại: số đơn đủ điều kiện xử lý 1.240 đơn, thuộc thẩm quyền 318 đơn."
    assert triples(rules, text) == [("petitions_in_jurisdiction", 318, "exact")]


def test_a_breakdown_of_an_eligible_subset_by_its_own_cue_is_a_fact(rules):
    text = (
        "Khiếu nại, tố cáo. Đối với 7.210 đơn đủ điều kiện xử lý, gồm: 4.105 đơn thuộc thẩm quyền (812 đơn "
        "khiếu nại, 93 đơn tố cáo, 3.200 đơn kiến nghị, phản ánh); 3.105 đơn không thuộc thẩm quyền."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_in_jurisdiction", 4105),
        ("petitions_in_jurisdiction", 812),
        ("petitions_in_jurisdiction", 93),
        ("petitions_in_jurisdiction", 3200),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tặng bằng khen của Chủ tịch UBND tỉnh cho 14 tập thể và 14 cá nhân theo đề nghị của "
            "Ban Dân vận.",
            [14, 14],
        ),
        ("Ban Dân vận Huyện ủy thông qua danh sách 12 tập thể, 12 cá nhân đề nghị biểu dương.", []),
        ("Đại hội thi đua yêu nước vinh danh 120 điển hình tiên tiến xuất sắc của tỉnh.", [120]),
        ("Khen thưởng. Hội nghị đề nghị mỗi năm Hội Nông dân nên có 2 cuộc đối thoại với nông dân.", []),
    ],
)
def test_awards_given_at_a_proposal_reviews_lists_honours_and_advice(rules, text, expected):
    assert [f.value for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khiếu nại: tiếp nhận 212 đơn; đã xử lý 193 đơn, đang xử lý 19 đơn.", [212]),
        (
            "Khiếu nại: 100% đơn đã được xử lý, trong đó chuyển trả lưu 1.300 đơn, để lại giải quyết "
            "420 đơn.",
            [420],
        ),
        ("Khiếu nại: có công văn đôn đốc giải quyết 311 đơn.", []),
        ("Khiếu nại: tiếp nhận hơn 4.300 đơn, sau khi trừ đơn trùng lắp (1.255 đơn) còn 3.045 đơn.", [4300]),
    ],
)
def test_processed_forwarded_urged_and_deducted_petitions_are_no_facts(rules, text, expected):
    assert [f.value for f in facts(rules, text)] == expected


def test_an_elided_clause_may_open_with_a_qualifier(rules):
    text = (
        "Cùng dự đối thoại có đại diện lãnh đạo các phòng, ban chuyên môn của huyện; hơn 100 đại biểu và "
        "đại diện người dân các xã."
    )
    assert triples(rules, text) == [("dialogue_participants", 100, "more_than")]


def test_people_who_took_part_by_speaking_are_no_participants_but_those_who_took_part_are(rules):
    assert [
        f.measure for f in facts(rules, "Tại hội nghị đối thoại có 7 người dân tham gia với 10 ý kiến.")
    ] == ["dialogue_opinions"]
    assert [
        f.value for f in facts(rules, "Hội nghị đối thoại với trên 5.000 lượt nhân dân tham gia góp ý.")
    ] == [5000]


def test_a_breakdown_sentence_keeps_its_items_though_a_change_follows_them(rules):
    text = (
        "Các cơ quan hành chính đã tiếp nhận 1.220 đơn khiếu nại, tố cáo, kiến nghị, phản ánh. Trong đó, có "
        "280 đơn khiếu nại, 45 đơn tố cáo, 895 đơn phản ánh, kiến nghị, giảm 120 đơn so với cùng kỳ."
    )
    assert [f.value for f in facts(rules, text)] == [1220, 280, 45, 895]


def test_classified_petitions_in_jurisdiction_with_kinds_and_of_those_received(rules):
    text = (
        "Khiếu nại, tố cáo. Qua phân loại, xử lý, có 71 đơn khiếu nại, 4 đơn tố cáo và 402 đơn phản ánh, "
        "kiến nghị thuộc thẩm quyền giải quyết. Qua phân loại, có 3/27 đơn tố cáo thuộc thẩm quyền."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_in_jurisdiction", 71),
        ("petitions_in_jurisdiction", 4),
        ("petitions_in_jurisdiction", 402),
        ("petitions_in_jurisdiction", 3),
        ("petitions_received", 27),
    ]


def test_a_list_of_districts_named_without_their_unit_word_and_repeated_values(rules):
    text = (
        "Tiếp công dân: trụ sở tiếp công dân tỉnh tiếp 8 lượt đoàn (210 người), Lệ Thủy 2 lượt đoàn "
        "(31 người), Quảng Trạch 1 lượt đoàn (12 người), Tuyên Hóa 1 lượt đoàn (12 người)."
    )
    assert [f.value for f in facts(rules, text)] == [8, 210, 2, 31, 1, 12, 1, 12]


def test_a_threshold_in_a_definition_is_no_count(rules):
    text = "Tiếp công dân: toàn tỉnh tiếp 65 lượt đoàn công dân (mỗi lượt đoàn có từ 5 người trở lên)."
    assert [f.value for f in facts(rules, text)] == [65]


def test_a_bracket_that_opens_with_words_holds_no_subtotals(rules):
    text = "Tiếp công dân: số đoàn đông người 17 đoàn (vụ việc cũ 9 vụ, mới phát sinh 08 vụ)."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("citizen_reception_delegations", 17)]


def test_a_clause_after_a_semicolon_that_goes_on_with_a_proposal_is_proposed_too(rules):
    text = (
        "Khen thưởng. Hội đồng xét duyệt cờ thi đua của tỉnh cho 41 đơn vị dẫn đầu các khối thi đua; cờ thi "
        "đua của Chính phủ cho 3 đơn vị và bằng khen của Chủ tịch UBND tỉnh cho 52 đơn vị."
    )
    assert facts(rules, text) == []


def test_items_of_a_list_split_by_semicolons_that_open_with_a_place(rules):
    text = (
        "Tiếp công dân: các đơn vị tiếp nhiều lượt công dân gồm các huyện: Quỳnh Nhai 210 lượt, Thuận Châu "
        "140 lượt; Mộc Châu 85 lượt; Mường La 97 lượt."
    )
    assert [f.value for f in facts(rules, text)] == [210, 140, 85, 97]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đã giải quyết 311 đơn thuộc thẩm quyền, gồm 48 khiếu nại, 9 tố cáo và 254 kiến nghị, phản ánh.",
            [("cases_resolved", 311), ("cases_resolved", 48), ("cases_resolved", 9), ("cases_resolved", 254)],
        ),
        (
            "Khiếu nại: các cơ quan đã giải quyết 9/30 đơn; trong đó, đã giải quyết 4/21 khiếu nại, "
            "3/3 tố cáo.",
            [
                ("cases_resolved", 9),
                ("petitions_in_jurisdiction", 30),
                ("cases_resolved", 4),
                ("petitions_in_jurisdiction", 21),
                ("cases_resolved", 3),
                ("petitions_in_jurisdiction", 3),
            ],
        ),
    ],
)
def test_items_that_name_their_kind_in_place_of_their_unit(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thủ tướng nhấn mạnh trước hơn 1500 công nhân tham gia buổi đối thoại.", [1500]),
        ("Năm 2020 cuộc đối thoại được tổ chức tại xã.", []),
        (
            "Dự diễn đàn đối thoại có lãnh đạo huyện và sự hiện diện của hơn 60 bạn đoàn viên, thanh niên.",
            [60],
        ),
    ],
)
def test_counts_that_look_like_years_and_attendance_in_other_words(rules, text, expected):
    assert [f.value for f in facts(rules, text)] == expected


def test_the_same_number_awarded_by_two_issuers_is_two_facts(rules):
    text = "UBND tỉnh tặng Bằng khen 60 cá nhân; Ủy ban nhân dân huyện tặng Giấy khen 60 cá nhân."
    assert [(f.value, f.award_form) for f in facts(rules, text)] == [(60, "bang_khen"), (60, "giay_khen")]


def test_opinions_still_being_checked_are_not_resolved(rules):
    text = "Đối thoại: trong 52 kiến nghị, các sở đã trả lời 30 ý kiến và đang kiểm tra, xử lý 22 kiến nghị."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("dialogue_opinions", 52),
        ("dialogue_opinions_resolved", 30),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Trong năm, Tòa án nhân dân tỉnh thụ lý 3.210 vụ án, đã giải quyết 3.050 vụ án, đạt 95%.",
        "Đối thoại. Tòa án đã tổ chức 52 phiên đối thoại giữa người khởi kiện và người bị kiện.",
    ],
)
def test_a_courts_case_load_and_its_hearings_are_no_complaints_or_dialogues(rules, text):
    assert facts(rules, f"Khiếu nại, tố cáo. {text}") == []


def test_a_courts_own_complaints_are_complaints_and_xem_xet_xu_ly_is_no_hearing(rules):
    text = (
        "Tòa án nhân dân các cấp đã giải quyết 41/45 vụ việc khiếu nại thuộc thẩm quyền. Văn phòng HĐND "
        "đã tiếp 19 lượt với 22 lượt người; còn lại 04 đơn đang xem xét xử lý."
    )
    assert [f.value for f in facts(rules, text)] == [41, 45, 19, 22]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tại buổi đối thoại, lãnh đạo huyện đã giải đáp cụ thể 15 ý kiến của người dân.", [15]),
        ("Tại buổi đối thoại, lãnh đạo tỉnh đã trả lời trực tiếp toàn bộ 26 ý kiến.", [26]),
        ("Tại buổi đối thoại, các sở đã trả lời, giải thích rõ 11 ý kiến của doanh nghiệp.", [11]),
    ],
)
def test_opinions_answered_in_so_many_words_are_resolved(rules, text, expected):
    assert [f.value for f in facts(rules, text) if f.measure == "dialogue_opinions_resolved"] == expected


def test_opinions_beyond_the_meetings_authority_handed_on_are_no_facts(rules):
    text = (
        "Tại buổi đối thoại có 40 ý kiến; 3 ý kiến vượt thẩm quyền được tổng hợp báo cáo UBND tỉnh; "
        "2 ý kiến giao Phòng Tài nguyên và Môi trường xem xét."
    )
    assert [f.value for f in facts(rules, text)] == [40]


def test_a_subject_that_opens_its_sentence_takes_a_verb_after_a_long_description(rules):
    text = (
        "Đối thoại với công nhân. Hơn 500 công nhân của các doanh nghiệp trong khu công nghiệp Phú Tài "
        "đã tham dự."
    )
    assert triples(rules, text) == [("dialogue_participants", 500, "more_than")]


def test_petitions_handed_over_by_former_districts_are_a_backlog(rules):
    text = (
        "Khiếu nại: Ban Tiếp công dân tỉnh tiếp nhận 2.310 đơn, trong đó 1.236 đơn do các huyện cũ bàn giao."
    )
    assert [f.value for f in facts(rules, text)] == [2310]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đối thoại. Cấp huyện và cấp xã cũng tổ chức lần lượt 6 và 41 cuộc đối thoại chuyên đề.",
            [("dialogue_sessions", 6), ("dialogue_sessions", 41)],
        ),
        (
            "Khiếu nại: cấp tỉnh, cấp huyện và cấp xã lần lượt tiếp nhận 1.120, 980 và 2.045 đơn.",
            [("petitions_received", 1120), ("petitions_received", 980), ("petitions_received", 2045)],
        ),
        ("Khiếu nại: trong 2 năm 2023 và 2024, tỉnh tiếp nhận 3.100 đơn.", [("petitions_received", 3100)]),
    ],
)
def test_numbers_listed_respectively_take_the_unit_of_the_last(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_a_fraction_in_words_is_a_fraction(rules):
    text = "Khiếu nại. Riêng tố cáo, các cấp đã giải quyết 38 trên tổng số 44 vụ việc thuộc thẩm quyền."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("cases_resolved", 38),
        ("cases_in_jurisdiction", 44),
    ]


def test_a_target_rate_is_no_result_but_a_rate_beside_its_target_is(rules):
    text = (
        "Khiếu nại. Năm 2025, tỉnh phấn đấu tỷ lệ giải quyết đơn khiếu nại, tố cáo thuộc thẩm quyền đạt trên "
        "85%. Kết quả giải quyết khiếu nại năm 2024 đạt 92%, vượt chỉ tiêu đề ra."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("resolution_rate_pct", 92)]


@pytest.mark.parametrize(
    "target",
    [
        "Thành phố phấn đấu tỷ lệ giải quyết các vụ việc khiếu nại, tố cáo thuộc thẩm quyền của các cấp, các "
        "ngành đạt từ 90% trở lên.",
        "Mục tiêu đến năm 2030 là tỷ lệ giải quyết các vụ việc khiếu nại, tố cáo thuộc thẩm quyền đạt "
        "trên 90%.",
    ],
)
def test_a_target_rate_far_from_its_target_word_is_no_result(rules, target):
    assert facts(rules, "Khiếu nại, tố cáo. " + target) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thanh tra tỉnh tiếp nhận 1.540 đơn, trong đó đơn thuộc thẩm quyền là 1.052 đơn, còn lại là đơn "
            "không thuộc thẩm quyền đã được hướng dẫn.",
            [("petitions_received", 1540), ("petitions_in_jurisdiction", 1052)],
        ),
        (
            "Ban Tiếp công dân nhận 412 đơn, trong đó thuộc thẩm quyền 268 đơn, số còn lại không thuộc thẩm "
            "quyền đã chuyển cơ quan chức năng.",
            [("petitions_received", 412), ("petitions_in_jurisdiction", 268)],
        ),
        (
            "Huyện tiếp nhận 96 đơn, trong đó 23 đơn không thuộc thẩm quyền, còn lại đã chuyển xử lý.",
            [("petitions_received", 96)],
        ),
    ],
)
def test_what_is_outside_the_jurisdiction_stops_at_the_rest(rules, text, expected):
    """'còn lại …' names the rest: its 'không thuộc thẩm quyền' is not the item before."""
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Các cấp, các ngành đã giải quyết 63 vụ việc khiếu nại, tố cáo trên tổng số 71 vụ việc phải giải "
            "quyết, đạt 88,7%.",
            [("cases_resolved", 63), ("cases_in_jurisdiction", 71), ("resolution_rate_pct", 88.7)],
        ),
        (
            "Đã giải quyết xong 45 vụ việc thuộc thẩm quyền trên tổng số 52 vụ việc.",
            [("cases_resolved", 45), ("cases_in_jurisdiction", 52)],
        ),
    ],
)
def test_a_fraction_in_words_may_name_the_unit_of_its_numerator(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại buổi đối thoại, nông dân nêu 19 ý kiến, trong đó 16 ý kiến đã được lãnh đạo các sở trả lời "
            "trực tiếp; 3 ý kiến còn lại được UBND tỉnh tiếp thu để chỉ đạo giải quyết.",
            [
                ("dialogue_opinions", 19),
                ("dialogue_opinions_resolved", 16),
                ("dialogue_opinions_resolved", 3),
            ],
        ),
        (
            "Hội nghị đối thoại ghi nhận 25 ý kiến; 20 ý kiến được giải đáp ngay, 5 ý kiến còn lại được tiếp "
            "thu để chỉ đạo giải quyết.",
            [
                ("dialogue_opinions", 25),
                ("dialogue_opinions_resolved", 20),
                ("dialogue_opinions_resolved", 5),
            ],
        ),
        (
            "Buổi đối thoại có 12 ý kiến, 9 ý kiến được trả lời tại chỗ, 3 ý kiến còn lại được giao các "
            "phòng chuyên môn nghiên cứu, trả lời bằng văn bản.",
            [("dialogue_opinions", 12), ("dialogue_opinions_resolved", 9)],
        ),
    ],
)
def test_the_rest_of_the_opinions_taken_in_to_be_resolved_are_resolved_and_a_total_is_no_item(
    rules, text, expected
):
    """'3 ý kiến còn lại được … tiếp thu để chỉ đạo giải quyết' is the outcome of the rest of a stated total
    (the ruling on opinions); the rest given to others to study is pending. A total followed, after a
    comma, by a part in the same unit is no item of a list sharing the part's cue."""
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phường tổ chức đối thoại với Nhân dân về dự án. Khoảng 120 người dân đã đến dự.", 120),
        ("UBND huyện đối thoại với nông dân. Có khoảng 150 hộ dân trong vùng dự án về dự.", 150),
        (
            "Hơn 500 công nhân lao động đến từ các khu công nghiệp ở TX.Thuận An, TP.Thủ Dầu Một và huyện "
            "Bàu Bàng tham dự buổi đối thoại.",
            500,
        ),
    ],
)
def test_people_who_came_to_a_dialogue_are_its_participants_however_far_their_verb(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", expected)]


def test_people_who_came_for_something_else_are_no_participants(rules):
    text = "Huyện tổ chức đối thoại với Nhân dân. Khoảng 120 người dân đến nhận hỗ trợ tại trụ sở xã."
    assert facts(rules, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ban Dân vận Tỉnh ủy tổ chức đối thoại định kỳ. Hội thảo nhận được 45 bài tham luận; khoảng 300 "
            "đại biểu tham dự.",
            [],
        ),
        ("Huyện tổ chức đối thoại với Nhân dân. Lễ kỷ niệm có hơn 400 đại biểu và nhân dân tham dự.", []),
        (
            "Huyện đối thoại với nông dân. Khoảng 300 đại biểu tham dự hội nghị đối thoại kết hợp tọa đàm.",
            [("dialogue_participants", 300)],
        ),
    ],
)
def test_attendance_of_a_conference_or_ceremony_is_no_dialogue_attendance(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_the_lead_names_the_dialogue_its_later_paragraphs_report(rules):
    text = (
        "Sáng 12/5, Chủ tịch UBND tỉnh có buổi đối thoại với hơn 300 hội viên nông dân.\n\n"
        "Nông dân nêu nhiều băn khoăn về giá vật tư, đất sản xuất và vốn vay.\n\n"
        'Ông Trần Văn Lâm, xã Tân Phú chia sẻ: "Chúng tôi mong có thêm kênh tiêu thụ nông sản".\n\n'
        "Lãnh đạo các sở, ngành đã giải đáp trực tiếp 24 câu hỏi."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("dialogue_participants", 300),
        ("dialogue_opinions_resolved", 24),
    ]


def test_answered_requests_of_a_report_whose_lead_names_no_dialogue_are_no_dialogue_opinions(rules):
    text = (
        "Năm 2024, Thanh tra tỉnh tiếp 1.200 lượt công dân.\n\n"
        "Các cơ quan đã tiếp nhận 640 đơn.\n\n"
        "Tỉnh tổ chức 12 cuộc đối thoại với người khiếu nại.\n\n"
        "Công tác cải cách hành chính tiếp tục được đẩy mạnh.\n\n"
        "Các sở, ngành đã trả lời 35 kiến nghị của doanh nghiệp bằng văn bản."
    )
    measures = [f.measure for f in facts(rules, text)]
    assert "dialogue_opinions_resolved" not in measures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hội nghị đối thoại với nông dân. Hội nghị có khoảng 250 hội viên nông dân tiêu biểu, chủ trang "
            "trại từ 15 huyện, thị xã, thành phố tham dự.",
            250,
        ),
        (
            "Buổi đối thoại diễn ra sáng 3/4. Gần 180 đại biểu là bí thư chi bộ, trưởng thôn và người dân "
            "tiêu biểu của 15 xã, thị trấn tham dự.",
            180,
        ),
        ("Buổi đối thoại có hơn 300 công nhân của 40 doanh nghiệp tham dự.", 300),
    ],
)
def test_a_count_of_places_describing_the_participants_does_not_cut_them_from_their_verb(
    rules, text, expected
):
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội nghị đối thoại với nông dân diễn ra sáng nay. 800 đại biểu có mặt tại hội trường.", 800),
        ("Huyện đối thoại với công nhân. Buổi gặp gỡ, đối thoại có 1.200 công nhân tại điểm cầu.", 1200),
        (
            "Xã tổ chức hội nghị đối thoại với nhân dân. Hội nghị có sự tham dự của đồng chí Chủ tịch Ủy ban "
            "MTTQ xã, các ban, ngành, đoàn thể xã và 45 hộ dân.",
            45,
        ),
        (
            "Ngày 6/11, Thường trực Tỉnh ủy, Đoàn Đại biểu Quốc hội tỉnh đã tổ chức hội nghị đối thoại với "
            "trên 150 doanh nghiệp.",
            150,
        ),
    ],
)
def test_attendance_stated_without_a_verb_of_attending(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", expected)]


def test_voters_who_talk_frankly_with_their_deputies_hold_no_dialogue(rules):
    text = (
        "Đại biểu Quốc hội tiếp xúc cử tri huyện. Tại buổi tiếp xúc, cử tri đã đối thoại thẳng thắn với "
        "các đại biểu và nêu 12 ý kiến, kiến nghị."
    )
    assert facts(rules, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Qua hội nghị đối thoại, lãnh đạo huyện đã trả lời, giải quyết tại hội nghị 318 ý kiến; tiếp thu "
            "57 ý kiến để chỉ đạo các phòng chuyên môn xem xét, giải quyết theo thẩm quyền.",
            [("dialogue_opinions_resolved", 318), ("dialogue_opinions_resolved", 57)],
        ),
        (
            "Qua đối thoại, các xã đã giải quyết, trả lời tại chỗ 1.045 ý kiến.",
            [("dialogue_opinions_resolved", 1045)],
        ),
        (
            "Tại buổi đối thoại, Chủ tịch UBND phường đã trực tiếp trả lời, làm rõ 9 ý kiến.",
            [("dialogue_opinions_resolved", 9)],
        ),
        (
            "Hội nghị đối thoại tiếp nhận 210 ý kiến; trong đó đã trả lời, giải quyết ngay tại hội nghị "
            "164 ý kiến.",
            [("dialogue_opinions", 210), ("dialogue_opinions_resolved", 164)],
        ),
    ],
)
def test_opinions_answered_by_two_verbs_and_where_are_resolved(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Toàn tỉnh xây dựng được 426 mô hình "Dân vận khéo", trong đó cấp tỉnh 12, cấp huyện 87, '
            "cấp xã 327.",
            [(426, "unspecified"), (12, "province"), (87, "district"), (327, "commune")],
        ),
        (
            "Toàn tỉnh tổ chức 120 cuộc đối thoại, trong đó cấp huyện 20 và cấp xã 100.",
            [(120, "unspecified"), (20, "district"), (100, "commune")],
        ),
        ("Toàn tỉnh tổ chức 120 cuộc đối thoại, trong đó tăng 20, giảm 5.", [(120, "province")]),
    ],
)
def test_bare_numbers_of_a_breakdown_by_level_count_what_their_total_counts(rules, text, expected):
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2023, Tòa án nhân dân hai cấp tỉnh đã thụ lý 5.120 vụ, việc các loại; đã giải quyết 4.870 vụ, "
        "việc, đạt 95,1%.",
        "Án hành chính thụ lý 62 vụ, giải quyết 55 vụ.",
        "Số đơn không thuộc thẩm quyền đã được chuyển và hướng dẫn công dân đến cơ quan có thẩm quyền là "
        "940 đơn.",
        "Qua giải quyết, có 3 đơn khiếu nại đúng một phần, 21 đơn khiếu nại sai, 4 đơn được công dân tự "
        "nguyện rút.",
    ],
)
def test_court_case_loads_what_lies_outside_the_jurisdiction_and_withdrawals_are_no_facts(rules, text):
    assert facts(rules, "Khiếu nại, tố cáo. " + text) == []


def test_a_resolved_count_that_cut_its_time_is_still_resolved(rules):
    text = "Khiếu nại, tố cáo. Đã giải quyết 30 đơn, rút ngắn thời gian giải quyết so với quy định."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("cases_resolved", 30)]


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị tặng danh hiệu chiến sỹ thi đua cấp tỉnh cho 05 cá nhân; cờ thi đua của tỉnh cho 01 tập "
        "thể; Bằng khen của Chủ tịch UBND tỉnh cho 42 cá nhân, 6 tập thể.",
        "Kết quả biểu quyết, Hội đồng nhất trí trình cấp trên xem xét: Chủ tịch UBND tỉnh tặng Bằng khen cho "
        "3 tập thể, 5 cá nhân; Ban Thường vụ Tỉnh ủy tặng Bằng khen cho 2 mô hình.",
    ],
)
def test_a_proposal_opening_the_sentence_governs_each_of_its_clauses(rules, text):
    assert facts(rules, "Khen thưởng Dân vận khéo. " + text) == []


def test_awards_decided_before_a_proposal_in_the_next_sentence_are_facts(rules):
    text = (
        "Qua xem xét thành tích của các tập thể, cá nhân đề nghị khen thưởng năm 2024, Hội đồng thống nhất: "
        "tặng Giấy khen của Chủ tịch UBND huyện cho 120 cá nhân. Đề nghị tặng Bằng khen cho 9 cá nhân."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("award_recipients", 120)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tại hội nghị đối thoại, 16 câu hỏi đã được Chủ tịch UBND tỉnh cùng Giám đốc các Sở Lao động - "
            "Thương binh và Xã hội, Giáo dục và Đào tạo giải đáp tại chỗ.",
            [("dialogue_opinions_resolved", 16)],
        ),
        (
            "Tại buổi đối thoại có 18 câu hỏi được đặt ra liên quan đến việc làm, nhà ở và học nghề cho "
            "thanh niên; các câu hỏi đã được giải đáp.",
            [("dialogue_opinions", 18)],
        ),
        (
            "Tại buổi đối thoại, lãnh đạo huyện đã giải đáp 11 ý kiến; 4 ý kiến về đơn giá bồi thường vượt "
            "thẩm quyền của huyện sẽ được tổng hợp, báo cáo UBND tỉnh.",
            [("dialogue_opinions_resolved", 11)],
        ),
    ],
)
def test_passive_answers_reach_past_a_long_agent_but_not_past_raising_or_pending(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Phong trào "Dân vận khéo": huyện xây dựng được 96/110 mô hình tập thể và 3/3 mô hình cá '
            "nhân mới.",
            [("dan_van_kheo_models", 96), ("dan_van_kheo_models", 3)],
        ),
        (
            "Khiếu nại, tố cáo: đã giải quyết 88/95 vụ việc khiếu nại thuộc thẩm quyền; 14/16 vụ việc tố "
            "cáo.",
            [
                ("cases_resolved", 88),
                ("cases_in_jurisdiction", 95),
                ("cases_resolved", 14),
                ("cases_in_jurisdiction", 16),
            ],
        ),
    ],
)
def test_a_fraction_no_measure_reads_as_part_and_total_is_its_numerator(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_the_last_of_a_long_list_of_those_attending_is_a_participant_count(rules):
    text = (
        "Xã tổ chức hội nghị đối thoại với nhân dân. Ngoài ra, hội nghị còn có sự tham dự của đồng chí "
        "Nguyễn Văn Hòa - Chủ tịch Ủy ban MTTQ Việt Nam xã, các ban, ngành, đoàn thể xã và 64 hộ dân."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", 64)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2024, số lượt tiếp công dân tăng lên 1.310 lượt.", [("citizen_reception_visits", 1310)]),
        ("Năm 2024, các cơ quan tiếp công dân giảm 120 lượt so với năm trước.", []),
    ],
)
def test_the_level_a_count_rose_to_is_a_fact_the_change_is_not(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_a_breakdown_after_a_stated_rate_breaks_down_the_fraction_before_it(rules):
    text = (
        "Các cơ quan hành chính đã giải quyết 377/410 vụ việc thuộc thẩm quyền, đạt 91,95%; trong đó khiếu "
        "nại 330/356 vụ việc, tố cáo 47/54 vụ việc."
    )
    assert [(f.measure, f.value, f.complaint_kind) for f in facts(rules, text)][3:] == [
        ("cases_resolved", 330, "complaint"),
        ("cases_in_jurisdiction", 356, "complaint"),
        ("cases_resolved", 47, "denunciation"),
        ("cases_in_jurisdiction", 54, "denunciation"),
    ]


def test_the_next_places_of_a_ranking_go_on_with_its_verb(rules):
    text = (
        "Quý II, cấp xã tiếp 540 lượt công dân. Phường An Phú tiếp nhiều lượt nhất với 96 lượt; tiếp đến là "
        "phường Hòa Bình 71 lượt."
    )
    assert [f.value for f in facts(rules, text)] == [540, 96, 71]


def test_a_ward_named_with_two_words_before_a_count_of_two_digits_counts(rules):
    text = "Quý II, cấp xã tiếp 540 lượt công dân; phường Hòa Bình 71 lượt, phường Mỹ Đình 1 tiếp 12 lượt."
    assert [f.value for f in facts(rules, text)][:2] == [540, 71]


def test_items_of_a_breakdown_may_name_only_the_head_noun_of_the_total_unit(rules):
    text = "Ban Tiếp công dân tiếp 9 đoàn đông người, trong đó 4 đoàn của xã Tân Mỹ, 5 đoàn của xã Hà Cầu."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_delegations", 9),
        ("citizen_reception_delegations", 4),
        ("citizen_reception_delegations", 5),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Theo Ban tổ chức, hội nghị đối thoại sẽ diễn ra tại tỉnh với 500 đại biểu, trong đó 300 nông "
            "dân.",
            [],
        ),
        (
            "Tham dự hội nghị đối thoại có 450 đại biểu, trong đó 25 nông dân sẽ trực tiếp đặt câu hỏi.",
            [("dialogue_participants", 450)],
        ),
        (
            "Khiếu nại, tố cáo. Các cơ quan tiếp nhận 240 đơn không thuộc thầm quyền (khiếu nại: 30; tố cáo: "
            "41).",
            [],
        ),
        (
            "Khiếu nại, tố cáo. Đã giải quyết 30 vụ việc, trong đó 19 vụ việc giải quyết lần đầu, 11 vụ việc "
            "lần hai.",
            [("cases_resolved", 30)],
        ),
        (
            "Khiếu nại, tố cáo. Các hội cựu chiến binh đã tham gia giải quyết 800 vụ việc mâu thuẫn trong "
            "nhân dân.",
            [],
        ),
    ],
)
def test_plans_speakers_misspelt_exclusions_rounds_and_disputes_are_no_facts(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_first_time_visitors_are_a_subtotal_of_those_received(rules):
    text = "Các cơ quan tiếp 2.100 lượt công dân, trong đó có 1.460 lượt người tiếp lần đầu."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_visits", 2100),
        ("citizen_reception_people", 1460),
    ]


def test_first_time_and_repeat_visitors_are_subtotals_of_those_received(rules):
    text = (
        "Các cơ quan tiếp 2.759 lượt công dân với 2.268 người. Trong đó, có 1.927 lượt người tiếp lần đầu, "
        "832 lượt người tiếp nhiều lần."
    )
    assert [f.value for f in facts(rules, text)] == [2759, 2268, 1927, 832]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Buổi gặp mặt, đối thoại với đồng bào các tôn giáo có 140 vị chức sắc, chức việc tham dự.",
            [("dialogue_participants", 140)],
        ),
        (
            "Hội nghị đối thoại với phụ nữ có sự tham dự của 118 chị hội viên.",
            [("dialogue_participants", 118)],
        ),
        (
            "Năm 2024, tỷ lệ giải quyết khiếu nại, tố cáo đạt 92,6%, vượt 7,6% so với chỉ tiêu.",
            [("resolution_rate_pct", 92.6)],
        ),
        (
            "Năm 2024, tỷ lệ giải quyết khiếu nại, tố cáo đạt 93%, cao hơn năm trước gần 3%.",
            [("resolution_rate_pct", 93)],
        ),
        (
            "Năm 2025, tỷ lệ giải quyết khiếu nại, tố cáo đạt trên 85%, trong đó cấp huyện phải đạt trên "
            "90%.",
            [("resolution_rate_pct", 85)],
        ),
        (
            "Tại buổi đối thoại, 12 ý kiến đã được giải đáp; 7 kiến nghị về giá lúa được UBND tỉnh tổng hợp, "
            "báo cáo Chính phủ; 3 ý kiến còn lại sẽ được các sở trả lời bằng văn bản.",
            [("dialogue_opinions_resolved", 12)],
        ),
        (
            "Phường nhận 267 đơn; 84 đơn thuộc thẩm quyền, đã giải quyết xong 80 đơn.",
            [("petitions_received", 267), ("petitions_in_jurisdiction", 84), ("cases_resolved", 80)],
        ),
    ],
)
def test_attendees_by_who_they_are_margins_obligations_forwarded_opinions_and_clauses(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


def test_opinions_collected_at_the_meeting_are_raised_not_pending(rules):
    text = "Tại hội nghị đối thoại, đã có 16 ý kiến của cán bộ hội viên được tổng hợp liên quan đến 7 vấn đề."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_opinions", 16)]


@pytest.mark.parametrize("kind", ["chuyên đề", "định kỳ", "trực tiếp"])
def test_those_a_named_kind_of_dialogue_is_held_with_are_its_participants(rules, kind):
    text = f"Chiều 11/8, UBND thị xã tổ chức buổi đối thoại {kind} với 86 hộ dân có đất bị thu hồi."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", 86)]


def test_a_dialogue_the_prime_minister_holds_in_a_province_is_central(rules):
    text = (
        "Sáng 29/5, Thủ tướng Chính phủ đối thoại với nông dân tại tỉnh Sơn La. Hội nghị có hơn 500 đại biểu "
        "tham dự."
    )
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(500, "central")]


def test_the_decree_a_district_follows_does_not_make_its_dialogues_central(rules):
    text = (
        "Thực hiện Nghị định số 34/2021/NĐ-CP của Chính phủ quy định về đối thoại định kỳ, năm 2024 Chủ tịch "
        "UBND huyện đã tổ chức 4 cuộc đối thoại định kỳ."
    )
    assert [(f.value, f.admin_level) for f in facts(rules, text)] == [(4, "district")]


def test_opinions_later_in_a_report_take_the_kind_of_the_dialogue_its_lead_names(rules):
    text = (
        "Chiều 11/8, UBND thị xã tổ chức buổi đối thoại chuyên đề với hộ dân có đất bị thu hồi.\n\n"
        "Người dân quan tâm nhiều đến giá bồi thường và tái định cư.\n\n"
        "Ông Lê Văn Tám, khối phố 3 cho biết gia đình đã bàn giao mặt bằng.\n\n"
        "Tại buổi đối thoại, lãnh đạo thị xã đã trả lời trực tiếp 14 ý kiến."
    )
    assert [(f.value, f.dialogue_kind) for f in facts(rules, text)] == [(14, "thematic")]


def test_the_lines_of_a_bulleted_list_are_parts_of_the_total_that_opens_it(rules):
    text = (
        "Về tiếp nhận, xử lý đơn: tổng số đơn nhận được trong năm là 1.480 đơn, gồm:\n"
        "- Đơn khiếu nại: 910 đơn;\n"
        "- Đơn tố cáo: 85 đơn;\n"
        "- Đơn kiến nghị, phản ánh: 485 đơn."
    )
    found = facts(rules, text)
    assert [(f.measure, f.value) for f in found] == [("petitions_received", v) for v in (1480, 910, 85, 485)]
    assert [f.parent_offset for f in found] == [None] + [found[0].char_offset] * 3


def test_lines_after_a_lead_in_break_down_the_statement_before_it_by_kind(rules):
    text = (
        "Số vụ việc thuộc thẩm quyền phải giải quyết là 83 vụ việc; đã giải quyết 77 vụ việc, đạt 92,77%. "
        "Cụ thể:\n+ Khiếu nại: 74 vụ việc, đã giải quyết 69 vụ việc (đạt 93,24%);\n"
        "+ Tố cáo: 9 vụ việc, đã giải quyết 8 vụ việc (đạt 88,89%)."
    )
    found = facts(rules, text)
    assert [(f.measure, f.value) for f in found] == [
        ("cases_in_jurisdiction", 83),
        ("cases_resolved", 77),
        ("resolution_rate_pct", 92.77),
        ("cases_in_jurisdiction", 74),
        ("cases_resolved", 69),
        ("resolution_rate_pct", 93.24),
        ("cases_in_jurisdiction", 9),
        ("cases_resolved", 8),
        ("resolution_rate_pct", 88.89),
    ]
    assert found[3].parent_offset == found[6].parent_offset == found[0].char_offset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Theo thống kê, có 16.240 đơn được người dân gửi đến các cấp, các ngành.",
            [("petitions_received", 16240)],
        ),
        ("Có 12 đơn gửi đến nhiều cơ quan cùng lúc.", []),
    ],
)
def test_petitions_people_sent_to_the_authorities_were_received(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, "Khiếu nại, tố cáo. " + text)] == expected


@pytest.mark.parametrize(
    "ranking",
    [
        "Các xã có nhiều lượt công dân đến nhất là Hòa Phú 34 lượt, Tân Lập 29 lượt.",
        "Địa phương có lượt công dân đến trụ sở đông nhất là Hòa Phú 34 lượt, Tân Lập 29 lượt.",
    ],
)
def test_places_ranked_by_the_citizens_who_came_count_visits(rules, ranking):
    text = "Quý I, cấp xã tiếp 320 lượt công dân. " + ranking
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_visits", 320),
        ("citizen_reception_visits", 34),
        ("citizen_reception_visits", 29),
    ]


def test_a_share_then_its_count_in_brackets_is_a_part_of_the_total_before(rules):
    text = (
        "Năm 2024, các cơ quan tiếp nhận 512 đơn. Trong đó, đơn khiếu nại chiếm 40,2% (206 đơn), đơn tố cáo "
        "chiếm 9,8% (50 đơn), còn lại là đơn kiến nghị, phản ánh (256 đơn)."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_received", v) for v in (512, 206, 50, 256)
    ]


def test_those_at_the_linked_venues_of_a_dialogue_are_participants(rules):
    text = (
        "Chủ tịch UBND tỉnh đối thoại với nông dân. Tại các điểm cầu có lãnh đạo Hội Nông dân các huyện và "
        "trên 200 nông dân."
    )
    assert [(f.measure, f.value, f.value_qualifier) for f in facts(rules, text)] == [
        ("dialogue_participants", 200, "more_than")
    ]


def test_the_last_of_an_attendee_list_parted_by_semicolons_is_a_participant_count(rules):
    text = (
        "Hội Nông dân tỉnh tổ chức hội nghị Chủ tịch UBND tỉnh đối thoại với nông dân. Dự hội nghị có đồng "
        "chí Lê Văn Hòa, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; lãnh đạo các sở, ban, ngành, đoàn thể của "
        "tỉnh; lãnh đạo UBND các huyện, thành phố và hơn 250 đại biểu nông dân đại diện cho gần 98.000 hội "
        "viên."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", 250)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thanh tra tỉnh đã thụ lý và giải quyết 19 đơn thuộc thẩm quyền (gồm 5 khiếu nại, 2 tố cáo và 12 "
            "kiến nghị, phản ánh).",
            [
                (measure, value)
                for value in (19, 5, 2, 12)
                for measure in ("cases_resolved", "petitions_in_jurisdiction")
            ],
        ),
        (
            "Các cơ quan đã thụ lý và giải quyết xong 24 vụ việc khiếu nại.",
            [("cases_resolved", 24), ("cases_in_jurisdiction", 24)],
        ),
        (
            "Thanh tra huyện đã thụ lý giải quyết 12 đơn thuộc thẩm quyền.",
            [("petitions_in_jurisdiction", 12)],
        ),
    ],
)
def test_a_verb_that_stands_for_two_measures_states_both(rules, text, expected):
    """'thụ lý và giải quyết' (took on and resolved) states the cases resolved and those in the
    jurisdiction; 'thụ lý giải quyết' (took on to resolve) only the latter."""
    assert [(f.measure, f.value) for f in facts(rules, "Khiếu nại, tố cáo. " + text)] == expected


def test_a_pair_after_a_change_is_the_count_of_this_period_and_of_the_one_before(rules):
    text = (
        "Năm 2024, số lượt người được tiếp tại Trụ sở Tiếp công dân tỉnh giảm 3,9% (233/240); số vụ việc "
        "giảm 16,9% (44/53); số đoàn đông người giảm 13% (13/15)."
    )
    found = facts(rules, "Tiếp công dân. " + text)
    assert [(f.measure, f.value) for f in found] == [
        ("citizen_reception_people", 233),
        ("citizen_reception_people", 240),
        ("citizen_reception_delegations", 13),
        ("citizen_reception_delegations", 15),
    ]
    assert [f.period_year for f in found] == [2024, None, 2024, None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thành đoàn tuyên dương 165 đại biểu thanh niên tiêu biểu.", [(165, "individual", None)]),
        ("Có 20 tập thể, cá nhân nhận giải thưởng Dân vận khéo năm 2024.", [(20, "mixed", "other")]),
        (
            "Dịp này, 199 tập thể và 107 cá nhân đã được UBND thành phố và Ủy ban MTTQ thành phố khen thưởng "
            "vì có thành tích xuất sắc.",
            [(199, "collective", None), (107, "individual", None)],
        ),
        ("Ban tổ chức trao giải nhất cuộc thi cho 3 đội.", []),
    ],
)
def test_recipients_named_by_who_they_are_and_prizes_that_are_awards(rules, text, expected):
    assert [(f.value, f.recipient_type, f.award_form) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Khiếu nại, tố cáo. Có 93,8% số vụ việc đã giải quyết xong; 84% số vụ việc giải quyết đúng thời "
            "hạn; 98% quyết định giải quyết khiếu nại đã có hiệu lực được thi hành.",
            [("resolution_rate_pct", 93.8)],
        ),
        (
            "Khiếu nại, tố cáo. Số đơn thuộc thẩm quyền phải giải quyết là 105/199 đơn, chiếm tỷ lệ 52,76%.",
            [],
        ),
        (
            'Phong trào "Dân vận khéo". Công an tỉnh đã xây dựng và duy trì 2.173 mô hình tự quản về an ninh '
            "trật tự.",
            [],
        ),
        (
            "Huyện ủy tổ chức 12 buổi đối thoại trực tiếp. Bình quân mỗi buổi có khoảng hơn 100 đại biểu "
            "tham dự.",
            [("dialogue_sessions", 12)],
        ),
    ],
)
def test_other_shares_other_movements_models_and_averages_are_no_facts(rules, text, expected):
    assert [(f.measure, f.value) for f in facts(rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội LHPN Việt Nam đã công bố 18 tập thể và cá nhân được nhận giải thưởng Phụ nữ Việt Nam.", 18),
        ("Trung ương Đoàn quyết định trao tặng danh hiệu “Người thợ trẻ giỏi” năm 2023 cho 54 cá nhân.", 54),
    ],
)
def test_an_article_on_prizes_or_titles_awarded_is_read(rules, text, expected):
    assert [(f.measure, f.value, f.award_form) for f in facts(rules, text)] == [
        ("award_recipients", expected, "other")
    ]


def test_those_a_dialogue_held_both_in_person_and_online_is_held_with_are_participants(rules):
    text = "Thủ tướng đối thoại trực tiếp và trực tuyến với hơn 4.500 công nhân lao động tại 63 điểm cầu."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [("dialogue_participants", 4500)]


def test_a_lawsuit_mentioned_in_another_clause_leaves_the_petitions_received_alone(rules):
    text = (
        "Đoàn đại biểu Quốc hội đã tiếp nhận, phân loại 74 đơn, thư khiếu nại, tố cáo của công dân, trong đó "
        "khiếu nại 20 đơn, tố cáo 04 đơn, kiến nghị, phản ánh 50 đơn; nội dung chủ yếu là tranh chấp đất "
        "đai, đề nghị sớm đưa vụ kiện ra xét xử."
    )
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("petitions_received", v) for v in (74, 20, 4, 50)
    ]


def test_a_count_whose_unit_says_it_is_of_receptions_is_one(rules):
    text = "Lãnh đạo các sở, ngành đã thực hiện 12 lượt tiếp công dân (08 lượt định kỳ và 04 lượt đột xuất)."
    assert [(f.measure, f.value) for f in facts(rules, text)] == [
        ("citizen_reception_visits", v) for v in (12, 8, 4)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2009, cấp xã đã tiếp hơn 1.400 lượt công dân, với hơn 1.160 đơn thư khiếu nại, tố cáo.",
        "Quý I, các cơ quan tiếp 512 lượt người, với 380 đơn khiếu nại, tố cáo.",
    ],
)
def test_the_petitions_reception_visits_brought_were_received(rules, text):
    assert [f.measure for f in facts(rules, text)][1:] == ["petitions_received"]

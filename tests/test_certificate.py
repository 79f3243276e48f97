"""荣誉证书: 001 六(四) 优秀、表扬和敬业奉献奖; 000 七(三) 先进个人. A4 landscape, one page."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT

from tests.form_readback import example_data, leftover_tags, render, runs_without_chinese_font


def test_001_六_四_certificate_names_the_person_the_honour_year_and_organisation() -> None:
    doc = render("certificate")
    texts = [p.text for p in doc.paragraphs]
    assert texts[:6] == [
        "荣誉证书",
        "李佳琪同志：",
        "\u3000\u3000在2024年度考核中被评为“表扬”等次。",
        "\u3000\u3000特发此证，以资鼓励。",
        "宝山区政务服务中心",
        "2025年1月24日",
    ]
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert runs_without_chinese_font(doc) == []
    assert leftover_tags(doc) == []


def test_001_六_四_dedication_award_and_000_七_三_advanced_individual_wording() -> None:
    award = render("certificate", example_data("certificate", honour="敬业奉献奖"))
    assert award.paragraphs[2].text == "\u3000\u3000在2024年度工作中表现突出，荣获“2024年度敬业奉献奖”。"
    advanced = render("certificate", example_data("certificate", honour="先进个人", number=None))
    assert advanced.paragraphs[2].text == "\u3000\u3000在2024年度考核中被评为“2024年度先进个人”。"
    assert advanced.paragraphs[-1].text == ""

"""The resume parser on the snippets that trip parsers up."""

from __future__ import annotations

import datetime

import pytest

from candidates.parsing import SkillVocabularyEntry, resume_parse
from candidates.parsing.dates import range_find
from candidates.parsing.vocabulary import DEFAULT_SKILLS

VOCABULARY = [SkillVocabularyEntry(name, aliases) for name, aliases in DEFAULT_SKILLS]


def parse(text: str):
    return resume_parse(text, skills=VOCABULARY, region="CN")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019.03 - 2021.06", (2019, 3), (2021, 6)),
        ("2019年3月至今", (2019, 3), None),
        ("2019年3月 - 2021年6月", (2019, 3), (2021, 6)),
        ("Mar 2019 – Present", (2019, 3), None),
        ("March 2019 - June 2021", (2019, 3), (2021, 6)),
        ("03/2019-06/2021", (2019, 3), (2021, 6)),
        ("2019-03 to 2021-06", (2019, 3), (2021, 6)),
        ("2023.12 - 至今", (2023, 12), None),
        ("2022-11 至 今", (2022, 11), None),
        ("2016 - 2019", (2016, 1), (2019, 1)),
    ],
)
def test_every_common_way_of_writing_a_date_range_is_read(text, start, end):
    found = range_find(f"阿里巴巴 {text} 工程师")
    assert found is not None
    assert found[0] == datetime.date(*start, 1)
    assert found[1] == (datetime.date(*end, 1) if end else None)
    assert found[2] is (end is None)


def test_a_birth_month_or_a_phone_number_is_no_date_range():
    assert range_find("出生年月 1992.05") is None
    assert range_find("+86-13864054863") is None


def test_a_chinese_resume_gives_its_contact_details_history_and_skills():
    parsed = parse(
        "个人简历\n姓名：欧阳娜娜\n电话：+86 138-1234-5678\n邮箱：nana.oy@example.cn\n现居：上海市浦东新区\n"
        "工作经历\n2019年3月至今  腾讯科技有限公司  高级产品经理\n• 负责微信支付的产品规划。\n"
        "2016.07 - 2019.02  美团  产品经理\n教育背景\n2012.09 - 2016.06  复旦大学  计算机科学与技术  本科\n"
        "专业技能\n需求分析、Axure、SQL、注册会计师\n"
    )
    assert parsed.full_name == "欧阳娜娜"
    assert parsed.email == "nana.oy@example.cn"
    assert parsed.phone == "+8613812345678"
    assert parsed.city == "上海"
    assert (parsed.company, parsed.title) == ("腾讯科技有限公司", "高级产品经理")
    assert [(w.company, w.title, w.start, w.end) for w in parsed.work] == [
        ("腾讯科技有限公司", "高级产品经理", datetime.date(2019, 3, 1), None),
        ("美团", "产品经理", datetime.date(2016, 7, 1), datetime.date(2019, 2, 1)),
    ]
    assert [(e.school, e.degree, e.major) for e in parsed.education] == [("复旦大学", "本科", "计算机科学与技术")]
    # The longest spelling wins: 注册会计师 is the CPA, not "accounting" inside it.
    assert parsed.skills == ("Requirements analysis", "Axure", "SQL", "CPA")


def test_an_english_resume_with_parts_above_their_dates_is_read_entry_by_entry():
    parsed = parse(
        "Grace O'Connor\nSingapore | grace@example.com | +65 9123 4567\n"
        "EXPERIENCE\nSenior Data Scientist at Globex Ltd\nJan 2021 – Present\n- Built the churn model.\n"
        "Acme Corp | Data Analyst\n06/2017 - 12/2020\n"
        "EDUCATION\nMaster of Science in Statistics, University of Michigan\n2015 - 2017\n"
        "SKILLS\nPython, Machine learning, JS, Go\n"
    )
    assert parsed.full_name == "Grace O'Connor"
    assert parsed.phone == "+6591234567"
    assert parsed.city == "Singapore"
    assert [(w.company, w.title) for w in parsed.work] == [
        ("Globex Ltd", "Senior Data Scientist"),
        ("Acme Corp", "Data Analyst"),
    ]
    assert [(e.school, e.degree, e.major) for e in parsed.education] == [
        ("University of Michigan", "Master of Science", "Statistics")
    ]
    assert parsed.skills == ("Python", "Machine learning", "JavaScript", "Go")


def test_table_cells_one_a_line_give_labelled_values_and_entries():
    # python-docx gives a table's cells one a line, labels before values.
    parsed = parse(
        "姓名\n李雷\n手机\n13912345678\n邮箱\nli.lei@example.com\n现居城市\n杭州\n求职意向\n数据分析师\n"
        "工作经历\n2020.08 - 至今\n网易\n数据分析师\n教育背景\n2016.09 - 2020.06\n浙江大学\n本科\n统计学\n"
    )
    assert (parsed.full_name, parsed.city, parsed.phone) == ("李雷", "杭州", "+8613912345678")
    assert [(w.company, w.title) for w in parsed.work] == [("网易", "数据分析师")]
    assert [(e.school, e.degree, e.major) for e in parsed.education] == [("浙江大学", "本科", "统计学")]


def test_skills_are_word_bounded_in_latin_and_found_inside_chinese_text():
    parsed = parse("Skills\nJavaScript; Golang; Rustacean; 熟练掌握机器学习和数据分析\n")
    assert "Java" not in parsed.skills
    assert "Rust" not in parsed.skills
    assert set(parsed.skills) == {"JavaScript", "Go", "Machine learning", "Data analysis"}


def test_a_job_title_is_not_taken_for_a_skill_when_the_resume_has_a_skills_section_elsewhere():
    parsed = parse("Work Experience\nSales Manager, Acme Corp\n2019 - 2021\nSkills\nExcel\n")
    assert parsed.skills == ("Excel",)


def test_a_heading_a_city_or_a_job_title_is_never_taken_for_the_name():
    parsed = parse("专业技能\n上海\n产品经理\n工作经历\n2019.01 - 2020.01 美团 产品经理\n")
    assert parsed.full_name == ""
    assert parse("Curriculum Vitae\nPRODUCT MANAGER\nJOHN SMITH\n").full_name == "John Smith"


def test_an_empty_or_garbage_text_gives_an_empty_result():
    assert parse("") == resume_parse("", skills=[])
    parsed = parse("\x00\x01 ###### 12345 \n" * 50)
    assert parsed.full_name == parsed.email == parsed.phone == ""
    assert parsed.work == ()


def test_profile_values_name_only_the_fields_the_resume_gave():
    parsed = parse("Amelia Lee\namelia@example.com\n")
    assert parsed.profile_values() == {"full_name": "Amelia Lee", "email": "amelia@example.com"}

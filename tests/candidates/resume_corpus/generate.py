"""Write the labelled resume corpus the parser is measured on (bench/parse).

Deterministic: a fixed seed per file, so running it again gives the same
labels (the PDF and DOCX bytes may differ by their timestamps). Each resume is
a PDF (reportlab; Chinese with the built-in STSong-Light CID font) or a DOCX
(python-docx) beside a label JSON holding the truth.

    .venv/bin/python -m tests.candidates.resume_corpus.generate [OUT_DIR]
"""

from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import phonenumbers

from candidates.parsing.vocabulary import DEFAULT_SKILLS

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
SEED = 19
COUNT_PER_LANGUAGE = 32
LAYOUTS = ("single", "two_column", "table", "sidebar", "modern", "form")

CN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕"
    "丁任沈姚卢傅钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万覃武钱戴严欧阳"
)
CN_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞宇浩然子涵欣怡梓萱思远晨曦雨婷嘉怡俊杰志强建国文博"
)
CN_CITIES = ("北京", "上海", "深圳", "广州", "杭州", "成都", "南京", "武汉", "苏州", "西安")
CN_COMPANIES = (
    "阿里巴巴集团",
    "腾讯科技有限公司",
    "华为技术有限公司",
    "字节跳动",
    "美团",
    "京东集团",
    "招商银行",
    "中国平安保险",
    "网易",
    "百度在线网络技术有限公司",
    "小米科技有限责任公司",
    "携程",
    "上海浦东发展银行",
    "德勤华永会计师事务所",
    "普华永道中天会计师事务所",
    "联想集团",
    "顺丰速运有限公司",
    "蔚来汽车",
)
CN_TITLES = (
    "高级软件工程师",
    "后端开发工程师",
    "前端工程师",
    "产品经理",
    "高级产品经理",
    "数据分析师",
    "UI设计师",
    "财务经理",
    "会计主管",
    "销售经理",
    "大客户经理",
    "招聘专员",
    "人力资源经理",
    "市场总监",
    "运营专员",
    "测试工程师",
    "算法工程师",
    "技术总监",
)
CN_SCHOOLS = (
    "清华大学",
    "北京大学",
    "复旦大学",
    "上海交通大学",
    "浙江大学",
    "南京大学",
    "武汉大学",
    "中山大学",
    "四川大学",
    "同济大学",
    "上海财经大学",
)
CN_DEGREES = ("本科", "学士", "硕士", "博士", "MBA")
CN_MAJORS = (
    "计算机科学与技术",
    "软件工程",
    "金融学",
    "会计学",
    "市场营销",
    "人力资源管理",
    "工业设计",
    "统计学",
    "电子信息工程",
)
CN_DESCRIPTIONS = (
    "负责核心业务系统的设计与开发，推动团队技术升级。",
    "带领五人团队完成年度目标，业绩同比增长百分之三十。",
    "参与公司重点项目，与多个部门协作推进落地。",
    "优化内部流程，显著提升了工作效率和客户满意度。",
)

EN_FIRST = (
    "James", "Emily", "Michael", "Sarah", "David", "Laura", "Daniel", "Olivia", "Thomas", "Grace",
    "Kevin", "Hannah", "Ryan", "Chloe", "Jason", "Megan", "Lucas", "Sophie", "Nathan", "Amelia",
)  # fmt: skip
EN_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Clarke", "Walker", "Wright", "Mitchell",
    "O'Connor", "Chen", "Wong", "Patel", "Nguyen", "Harris", "Lee", "Morgan", "Cooper", "Bennett",
)  # fmt: skip
EN_CITIES = (
    "Shanghai", "Beijing", "Shenzhen", "Singapore", "Hong Kong", "London", "New York", "San Francisco",
    "Sydney", "Toronto",
)  # fmt: skip
EN_COMPANIES = (
    "Acme Corp", "Globex Ltd", "Initech Inc", "Northwind Traders", "Contoso Ltd", "Fabrikam Inc",
    "Umbrella Group", "Stark Industries", "Wayne Enterprises", "Hooli", "Blue Harbor Capital", "Summit Bank",
    "Brightpath Consulting", "Vandelay Industries",
)  # fmt: skip
EN_TITLES = (
    "Software Engineer", "Senior Software Engineer", "Product Manager", "Data Analyst", "Data Scientist",
    "UX Designer", "Financial Analyst", "Accountant", "Sales Manager", "Account Executive", "Recruiter",
    "HR Business Partner", "Marketing Manager", "Engineering Manager", "QA Engineer", "Operations Director",
)  # fmt: skip
EN_SCHOOLS = (
    "Fudan University", "University of Michigan", "National University of Singapore", "Imperial College London",
    "University of Toronto", "Peking University", "Stanford University", "University of Sydney",
)  # fmt: skip
EN_DEGREES = ("Bachelor of Science", "Master of Science", "MBA", "Bachelor of Arts", "PhD", "B.Sc.", "M.Sc.")
EN_MAJORS = ("Computer Science", "Economics", "Finance", "Statistics", "Marketing", "Psychology", "Accounting")
EN_DESCRIPTIONS = (
    "- Led the redesign of the billing platform used by two million customers.",
    "- Built reporting that cut the monthly close from ten days to four.",
    "- Worked with sales and support teams to launch three new products.",
    "- Mentored junior colleagues and ran weekly planning sessions.",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


@dataclass
class Work:
    company: str
    title: str
    start: str
    end: str | None


@dataclass
class School:
    school: str
    degree: str
    major: str
    start: str
    end: str


@dataclass
class Label:
    file: str
    language: str
    layout: str
    format: str
    full_name: str
    email: str
    phone: str
    city: str
    title: str
    company: str
    work: list[Work] = field(default_factory=list)
    education: list[School] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


def _phone(rng: random.Random, chinese: bool) -> tuple[str, str]:
    """A valid number and how the resume prints it."""
    while True:
        if chinese or rng.random() < 0.4:
            national = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
            number = phonenumbers.parse(national, "CN")
            if not phonenumbers.is_valid_number(number):
                continue
            a, b, c = national[:3], national[3:7], national[7:]
            printed = rng.choice(
                (f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", f"+86-{national}", national, f"(+86) {a} {b} {c}")
            )
        else:
            region, prefix, digits = rng.choice((("SG", "+65", "9{:07d}"), ("GB", "+44", "7700 9{:05d}")))
            local = digits.format(rng.randint(0, 10 ** (7 if region == "SG" else 5) - 1))
            number = phonenumbers.parse(f"{prefix} {local}", region)
            if not phonenumbers.is_valid_number(number):
                continue
            printed = f"{prefix} {local}"
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), printed


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _date_range(rng_style: int, start: str, end: str | None, chinese: bool) -> str:
    sy, sm = (int(x) for x in start.split("-"))
    ey, em = (int(x) for x in end.split("-")) if end else (0, 0)
    if chinese:
        styles = (
            lambda: f"{sy}.{sm:02d} - " + (f"{ey}.{em:02d}" if end else "至今"),
            lambda: f"{sy}年{sm}月 - " + (f"{ey}年{em}月" if end else "至今"),
            lambda: f"{sy}年{sm}月至" + (f"{ey}年{em}月" if end else "今"),
            lambda: f"{sy}/{sm:02d} – " + (f"{ey}/{em:02d}" if end else "至今"),
            lambda: f"{sy}-{sm:02d} 至 " + (f"{ey}-{em:02d}" if end else "今"),
        )
    else:
        styles = (
            lambda: f"{MONTHS[sm - 1]} {sy} – " + (f"{MONTHS[em - 1]} {ey}" if end else "Present"),
            lambda: f"{MONTHS_LONG[sm - 1]} {sy} - " + (f"{MONTHS_LONG[em - 1]} {ey}" if end else "Present"),
            lambda: f"{sm:02d}/{sy} - " + (f"{em:02d}/{ey}" if end else "Present"),
            lambda: f"{sy}-{sm:02d} to " + (f"{ey}-{em:02d}" if end else "now"),
            lambda: f"{MONTHS[sm - 1]} {sy} - " + (f"{MONTHS[em - 1]} {ey}" if end else "Current"),
            lambda: f"{sy}.{sm:02d} – " + (f"{ey}.{em:02d}" if end else "Present"),
        )
    return styles[rng_style % len(styles)]()


def _resume(index: int, chinese: bool) -> tuple[Label, dict]:
    rng = random.Random(SEED * 1000 + index * 2 + (1 if chinese else 0))
    if chinese:
        surname = rng.choice(("欧阳", *tuple(CN_SURNAMES[:-2]))) if rng.random() < 0.1 else rng.choice(CN_SURNAMES[:-2])
        name = surname + "".join(rng.choice(CN_GIVEN) for _ in range(rng.choice((1, 2))))
        email_user = rng.choice(("hr", "job", "cv", "work")) + str(rng.randint(100, 9999))
    else:
        first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
        name = f"{first} {last}"
        email_user = f"{first.lower()}.{last.lower().replace(chr(39), '')}"
    email = f"{email_user}@{rng.choice(('example.com', 'mail.example.cn', 'example.org', 'inbox.example.net'))}"
    phone, phone_printed = _phone(rng, chinese)
    city = rng.choice(CN_CITIES if chinese else EN_CITIES) if rng.random() < 0.85 else ""
    companies = rng.sample(CN_COMPANIES if chinese else EN_COMPANIES, rng.randint(1, 4))
    year = 2025
    works: list[Work] = []
    for i, company in enumerate(companies):
        end = None if i == 0 and rng.random() < 0.6 else _ym(year, rng.randint(1, 12))
        length = rng.randint(1, 4)
        start = _ym(year - length, rng.randint(1, 12))
        if end and start >= end:
            start = _ym(year - length - 1, 6)
        works.append(Work(company, rng.choice(CN_TITLES if chinese else EN_TITLES), start, end))
        year = int(start[:4]) - rng.randint(0, 1)
    schools: list[School] = []
    if rng.random() < 0.9:
        for _ in range(rng.choice((1, 1, 2))):
            schools.append(
                School(
                    rng.choice(CN_SCHOOLS if chinese else EN_SCHOOLS),
                    rng.choice(CN_DEGREES if chinese else EN_DEGREES),
                    rng.choice(CN_MAJORS if chinese else EN_MAJORS),
                    _ym(year - 4, 9),
                    _ym(year, 6),
                )
            )
            year -= 4
    skills = rng.sample(DEFAULT_SKILLS, rng.randint(3, 7)) if rng.random() < 0.9 else []
    skill_names = [name_ for name_, _aliases in skills]
    printed_skills = [
        (next((a for a in aliases if any("\u4e00" <= ch <= "\u9fff" for ch in a)), name_) if chinese else name_)
        for name_, aliases in skills
    ]
    label = Label(
        file="",
        language="zh-hans" if chinese else "en",
        layout=LAYOUTS[index % len(LAYOUTS)],
        format="pdf" if (index // len(LAYOUTS)) % 2 == 0 else "docx",
        full_name=name,
        email=email,
        phone=phone,
        city=city,
        title=works[0].title,
        company=works[0].company,
        work=works,
        education=schools,
        skills=skill_names,
    )
    style = {
        "phone": phone_printed,
        "skills": printed_skills,
        "date_style": rng.randint(0, 5),
        "entry_style": rng.randint(0, 3),
        "skill_sep": rng.choice(("、", ", ", " · ", "lines")) if chinese else rng.choice((", ", " · ", "lines", " | ")),
        "describe": rng.random() < 0.7,
        "rng": rng,
    }
    return label, style


# -- the text of each part, the same whatever the file format ---------------------------------------------------


def _headings(chinese: bool, upper: bool = False) -> dict[str, str]:
    if chinese:
        return {"work": "工作经历", "edu": "教育背景", "skills": "专业技能", "contact": "联系方式", "about": "自我评价"}
    headings = {
        "work": "Work Experience",
        "edu": "Education",
        "skills": "Skills",
        "contact": "Contact",
        "about": "Summary",
    }
    return {k: v.upper() for k, v in headings.items()} if upper else headings


def _contact_lines(label: Label, style: dict, chinese: bool) -> list[str]:
    if chinese:
        lines = [f"电话：{style['phone']}", f"邮箱：{label.email}"]
        if label.city:
            lines.append(f"现居：{label.city}")
    else:
        lines = [f"Phone: {style['phone']}", f"Email: {label.email}"]
        if label.city:
            country = ", China" if label.city in ("Shanghai", "Beijing", "Shenzhen") else ""
            lines.append(f"Location: {label.city}{country}")
    return lines


def _work_lines(label: Label, style: dict, chinese: bool) -> list[str]:
    rng: random.Random = style["rng"]
    lines: list[str] = []
    for work in label.work:
        dates = _date_range(style["date_style"], work.start, work.end, chinese)
        entry = style["entry_style"]
        if chinese:
            if entry == 0:
                lines.append(f"{dates}  {work.company}  {work.title}")
            elif entry == 1:
                lines += [f"{work.company} | {work.title}", dates]
            elif entry == 2:
                lines += [work.company, work.title, dates]
            else:
                lines += [f"{work.company}\t{dates}", work.title]
            if style["describe"]:
                lines.append(("• " if rng.random() < 0.5 else "") + rng.choice(CN_DESCRIPTIONS))
        else:
            if entry == 0:
                lines += [f"{work.title}, {work.company}", dates]
            elif entry == 1:
                lines.append(f"{work.company} | {work.title} | {dates}")
            elif entry == 2:
                lines += [f"{work.title} at {work.company}", dates]
            else:
                lines += [f"{work.company}\t{dates}", work.title]
            if style["describe"]:
                lines.append(rng.choice(EN_DESCRIPTIONS))
    return lines


def _edu_lines(label: Label, style: dict, chinese: bool) -> list[str]:
    lines: list[str] = []
    for school in label.education:
        dates = _date_range(style["date_style"], school.start, school.end, chinese)
        if chinese:
            if style["entry_style"] % 2 == 0:
                lines.append(f"{dates}  {school.school}  {school.major}  {school.degree}")
            else:
                lines += [f"{school.school} | {school.major} | {school.degree}", dates]
        else:
            if style["entry_style"] % 2 == 0:
                lines += [f"{school.degree} in {school.major}, {school.school}", dates]
            else:
                lines.append(f"{school.school} | {school.degree} | {school.major} | {dates}")
    return lines


def _skill_lines(style: dict) -> list[str]:
    if not style["skills"]:
        return []
    if style["skill_sep"] == "lines":
        return [f"• {skill}" for skill in style["skills"]]
    return [style["skill_sep"].join(style["skills"])]


def _sections(label: Label, style: dict, chinese: bool, upper: bool = False) -> list[tuple[str, list[str]]]:
    h = _headings(chinese, upper)
    sections = [(h["work"], _work_lines(label, style, chinese))]
    if label.education:
        sections.append((h["edu"], _edu_lines(label, style, chinese)))
    if label.skills:
        sections.append((h["skills"], _skill_lines(style)))
    return sections


# -- layouts: a list of blocks ("h", text) ("p", text) ("table", rows) ("columns", left, right, ratio) ----------


def _layout(label: Label, style: dict) -> list[tuple]:
    chinese = label.language == "zh-hans"
    h = _headings(chinese)
    contact = _contact_lines(label, style, chinese)
    sections = _sections(label, style, chinese)
    paragraphs = lambda section: [("h", section[0])] + [("p", line) for line in section[1]]  # noqa: E731
    if label.layout == "single":
        blocks: list[tuple] = [("title", label.full_name)] + [("p", line) for line in contact]
        for section in sections:
            blocks += paragraphs(section)
        return blocks
    if label.layout == "two_column":
        left = [("title", label.full_name)] + [("p", line) for line in contact]
        for section in sections[1:]:
            left += paragraphs(section)
        return [("columns", left, paragraphs(sections[0]), 0.42)]
    if label.layout == "sidebar":
        left = [("h", h["contact"])] + [("p", line) for line in contact]
        for section in sections[1:]:
            if section[0] == h["skills"]:
                left += paragraphs(section)
        right = [("title", label.full_name), ("p", label.title)]
        for section in sections:
            if section[0] != h["skills"]:
                right += paragraphs(section)
        return [("columns", left, right, 0.3)]
    if label.layout == "modern":
        separator = " | " if not chinese else " · "
        blocks = [("title", f"{label.full_name}{separator}{label.title}" if chinese else label.full_name)]
        blocks.append(("p", separator.join(line.split("：" if chinese else ": ", 1)[1] for line in contact)))
        blocks += [("h", "自我评价" if chinese else "ABOUT ME")]
        blocks += [
            (
                "p",
                "八年行业经验，注重结果与团队合作。"
                if chinese
                else "Eight years of experience; I care about results and teams.",
            )
        ]
        for section in _sections(label, style, chinese, upper=True):
            blocks += paragraphs(section)
        return blocks
    if label.layout == "table":
        rows = [["姓名" if chinese else "Name", label.full_name]]
        for line in contact:
            rows.append(line.split("：" if chinese else ": ", 1))
        blocks = [("table", rows)]
        work_rows = [[h["work"], "", ""]]
        for work in label.work:
            work_rows.append(
                [_date_range(style["date_style"], work.start, work.end, chinese), work.company, work.title]
            )
        blocks.append(("table", work_rows))
        if label.education:
            edu_rows = [[h["edu"], "", "", ""]]
            for school in label.education:
                dates = _date_range(style["date_style"], school.start, school.end, chinese)
                edu_rows.append([dates, school.school, school.degree, school.major])
            blocks.append(("table", edu_rows))
        if label.skills:
            blocks.append(
                (
                    "table",
                    [
                        [
                            h["skills"],
                            " ".join(_skill_lines(style))
                            if style["skill_sep"] != "lines"
                            else ", ".join(style["skills"]),
                        ]
                    ],
                )
            )
        return blocks
    # "form": the dense 个人简历 form, details in label/value pairs.
    phone_label, email_label, city_label = ("手机", "邮箱", "现居城市") if chinese else ("Mobile", "Email", "City")
    rows = [
        ["姓名" if chinese else "Name", label.full_name, "性别" if chinese else "Gender", "男" if chinese else "M"],
        [phone_label, style["phone"], email_label, label.email],
        [city_label, label.city or "-", "求职意向" if chinese else "Objective", label.title],
        [h["work"], "\n".join(_work_lines(label, style, chinese)), "", ""],
    ]
    if label.education:
        rows.append([h["edu"], "\n".join(_edu_lines(label, style, chinese)), "", ""])
    if label.skills:
        rows.append([h["skills"], "\n".join(_skill_lines(style)), "", ""])
    return [("title", "个人简历" if chinese else "Curriculum Vitae"), ("table", rows)]


# -- rendering ---------------------------------------------------------------------------------------------


def _pdf(blocks: list[tuple], chinese: bool) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph, Table

    font = "Helvetica"
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    styles = {
        "p": ParagraphStyle("p", fontName=font, fontSize=9.5, leading=13),
        "h": ParagraphStyle("h", fontName=font, fontSize=12, leading=18, spaceBefore=6),
        "title": ParagraphStyle("t", fontName=font, fontSize=18, leading=24),
    }
    small = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11)
    width, height = A4
    margin = 36

    def flow(block_list: list[tuple]) -> list:
        out = []
        for block in block_list:
            if block[0] == "table":
                rows = [[Paragraph(escape(cell).replace("\n", "<br/>"), small) for cell in row] for row in block[1]]
                out.append(Table(rows, style=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
            else:
                text = escape(block[1]).replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;").replace("  ", "&nbsp;&nbsp;")
                out.append(Paragraph(text, styles[block[0]]))
        return out

    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin
    )
    if blocks and blocks[0][0] == "columns":
        _kind, left, right, ratio = blocks[0]
        inner = width - 2 * margin
        frames = [
            Frame(margin, margin, inner * ratio - 8, height - 2 * margin, id="left"),
            Frame(margin + inner * ratio + 8, margin, inner * (1 - ratio) - 8, height - 2 * margin, id="right"),
        ]
        story = [*flow(left), FrameBreak(), *flow(right)]
    else:
        frames = [Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="main")]
        story = flow(blocks)
    document.addPageTemplates([PageTemplate(id="page", frames=frames)])
    document.build(story)
    return buffer.getvalue()


def _docx(blocks: list[tuple]) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "RecruitCRM corpus"

    def write(container, block_list: list[tuple]) -> None:
        first = True
        for block in block_list:
            if block[0] == "table":
                table = container.add_table(rows=len(block[1]), cols=len(block[1][0]))
                for r, row in enumerate(block[1]):
                    for c, text in enumerate(row):
                        table.rows[r].cells[c].text = text
                continue
            if first and hasattr(container, "paragraphs") and container.paragraphs and not container.paragraphs[0].text:
                paragraph = container.paragraphs[0]
                paragraph.text = block[1]
            else:
                paragraph = container.add_paragraph(block[1])
            first = False
            if block[0] in ("h", "title"):
                for run in paragraph.runs:
                    run.bold = True
                    run.font.size = Pt(16 if block[0] == "title" else 12)

    if blocks and blocks[0][0] == "columns":
        _kind, left, right, _ratio = blocks[0]
        table = document.add_table(rows=1, cols=2)
        write(table.rows[0].cells[0], left)
        write(table.rows[0].cells[1], right)
    else:
        write(document, blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def corpus_generate(out: Path) -> list[Label]:
    """Write every resume and its label into ``out``; return the labels."""
    out.mkdir(parents=True, exist_ok=True)
    labels: list[Label] = []
    for chinese in (True, False):
        for index in range(COUNT_PER_LANGUAGE):
            label, style = _resume(index, chinese)
            label.file = f"{'zh' if chinese else 'en'}-{index:02d}-{label.layout}.{label.format}"
            blocks = _layout(label, style)
            content = _pdf(blocks, chinese) if label.format == "pdf" else _docx(blocks)
            (out / label.file).write_bytes(content)
            truth = asdict(label)
            (out / f"{label.file}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
            labels.append(label)
    return labels


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else FILES
    print(f"{len(corpus_generate(target))} resumes in {target}")

"""A synthetic corpus of Vietnamese government news articles for the warehouse benchmark.

Every sentence here is written for the project; places come from the project's administrative-unit data
(danvan/facts/data). Article i depends only on (seed, i), so the first N articles of a larger corpus are
the corpus of N, and "1,000 new articles" are simply the next indices. Like the real sites, most articles
are off-topic or carry numbers that are not facts (years, document numbers, money, ranks, shares); about
a quarter state dialogue, complaint or award statistics, in varied phrasings, among off-topic paragraphs.

    .venv/bin/python bench/corpus.py --articles 20 --out corpus.jsonl   # JSON Lines for `danvan import-docs`
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
UNIT_DATA = ROOT / "danvan" / "facts" / "data"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
REORGANISED = date(2025, 7, 1)
FIRST_DAY, LAST_DAY = date(2016, 1, 1), date(2025, 12, 31)
SOURCES = ("baotinh", "congthongtin", "danvan_tinhuy", "tintuc_huyen", "phapluat", "nongthon", "kinhte")

# Shares of the corpus: off-topic news, on-topic news without statistics, articles stating statistics.
OFF_TOPIC, ON_TOPIC_PROSE = 0.55, 0.20


@dataclass(frozen=True)
class Place:
    province: str  # short name, as the article's date knew it
    province_kind: str  # "tỉnh" or "thành phố"
    district: str | None  # "huyện Sóc Sơn"; None after the 2025 reorganisation abolished districts
    commune: str  # "xã Phù Linh"


@dataclass(frozen=True)
class SyntheticArticle:
    url: str
    source: str
    title: str
    published_at: datetime
    text: str
    kind: str  # off_topic, on_topic_prose or statistics

    def as_document(self) -> dict[str, str]:
        """The article as one line of a `danvan import-docs` file."""
        return {
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "published_at": self.published_at.isoformat(),
            "text": self.text,
        }


def _rows(name: str) -> list[dict[str, str]]:
    with (UNIT_DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def former_places() -> tuple[tuple[str, str, str, str], ...]:
    """(province, province kind, "unit district", "unit commune") for every former commune."""
    kinds = {row["name"]: row["kind"] for row in _rows("provinces.csv") if row["is_current"] == "false"}
    units = {(row["province"], row["name"]): row["units"].split("|")[0] for row in _rows("districts.csv")}
    return tuple(
        (
            row["province"],
            kinds[row["province"]],
            f"{units[(row['province'], row['district'])]} {row['district']}",
            f"{row['unit']} {row['name']}",
        )
        for row in _rows("wards.csv")
        if row["province"] in kinds and (row["province"], row["district"]) in units
    )


@cache
def current_provinces() -> dict[str, tuple[str, str]]:
    """Former province → (today's province, its kind)."""
    today = {row["name"]: row["kind"] for row in _rows("provinces.csv") if row["is_current"] == "true"}
    return {
        row["name"]: (row["province_today"], today[row["province_today"]])
        for row in _rows("provinces.csv")
        if row["is_current"] == "false" and row["province_today"] in today
    }


def place_for(rng: random.Random, day: date) -> Place:
    province, kind, district, commune = rng.choice(former_places())
    if day < REORGANISED or province not in current_provinces():
        return Place(province, kind, district, commune)
    today, today_kind = current_provinces()[province]
    return Place(today, today_kind, None, commune)


def number(value: int, rng: random.Random | None = None) -> str:
    """Vietnamese digits: "." groups thousands; small counts are sometimes written with a leading zero."""
    if rng is not None and value < 10 and rng.random() < 0.3:
        return f"0{value}"
    return f"{value:,}".replace(",", ".")


def decimal(value: float, places: int = 2) -> str:
    """Vietnamese decimals: "," is the decimal mark (88,24)."""
    whole, _, fraction = f"{value:.{places}f}".partition(".")
    return number(int(whole)) + ("," + fraction if fraction.strip("0") else "")


def qualifier(rng: random.Random) -> str:
    return rng.choice(("", "", "", "", "hơn ", "trên ", "gần ", "khoảng ", "xấp xỉ "))


def period_phrase(rng: random.Random, year: int) -> str:
    start = rng.randint(max(2010, year - 5), year - 1)
    return rng.choice(
        (
            f"năm {year}",
            f"6 tháng đầu năm {year}",
            f"9 tháng năm {year}",
            f"quý I/{year}",
            f"từ đầu năm {year} đến nay",
            f"từ năm {start} đến nay",
            f"giai đoạn {start}–{year}",
            f"nhiệm kỳ {year - 5}–{year}",
            "thời gian qua",
        )
    )


class Writer:
    """Fills the templates of one article: its place, year and random stream."""

    def __init__(self, rng: random.Random, place: Place, day: date) -> None:
        self.rng = rng
        self.place = place
        self.day = day

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def n(self, low: int, high: int) -> str:
        return number(self.rng.randint(low, high), self.rng)

    def pct(self, low: float = 60.0, high: float = 99.9) -> str:
        return decimal(self.rng.uniform(low, high), self.rng.choice((1, 2)))

    def period(self) -> str:
        return period_phrase(self.rng, self.day.year)

    def province(self) -> str:
        return f"{self.place.province_kind} {self.place.province}"

    def district(self) -> str:
        return self.place.district or self.place.commune

    def local_unit(self) -> str:
        return self.pick(self.district(), self.place.commune, self.province())

    def year(self) -> int:
        return self.rng.randint(self.day.year - 8, self.day.year)

    def document(self) -> str:
        return self.pick(
            f"Kế hoạch số {self.n(12, 420)}/KH-UBND ngày {self.rng.randint(1, 28)}/{self.rng.randint(1, 12)}"
            f"/{self.year()}",
            f"Chỉ thị số {self.n(1, 40)}-CT/TU",
            f"Quyết định số {self.n(100, 4800)}/QĐ-UBND",
            f"Nghị quyết số {self.n(1, 60)}-NQ/TW",
            f"Công văn số {self.n(200, 9000)}/UBND-NC",
            f"Kết luận số {self.n(10, 120)}-KL/TU",
        )

    def sentence_case(self, text: str) -> str:
        return text[0].upper() + text[1:]


# --- off-topic paragraphs: numbers that are never facts -----------------------------------------------


def economy(w: Writer) -> str:
    return w.pick(
        f"Tốc độ tăng trưởng kinh tế (GRDP) của {w.province()} {w.period()} ước đạt {w.pct(4, 11)}%, "
        f"đứng thứ {w.rng.randint(1, 63)}/63 tỉnh, thành phố. Thu ngân sách nhà nước trên địa bàn đạt "
        f"{w.n(800, 90000)} tỷ đồng, bằng {w.pct(70, 130)}% dự toán năm.",
        f"Tổng vốn đầu tư toàn xã hội trên địa bàn {w.district()} đạt {w.n(300, 25000)} tỷ đồng; "
        f"thu nhập bình quân đầu người đạt {decimal(w.rng.uniform(30, 120), 1)} triệu đồng/năm, "
        f"tăng {w.n(2, 15)} triệu đồng so với năm {w.day.year - 1}.",
        f"Kim ngạch xuất khẩu {w.period()} đạt {decimal(w.rng.uniform(0.2, 30), 2)} tỷ USD. Các doanh nghiệp "
        f"trong khu công nghiệp đã tạo việc làm cho {w.n(1500, 60000)} lao động, mức lương bình quân "
        f"{decimal(w.rng.uniform(5, 12), 1)} triệu đồng/người/tháng.",
        f"Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {w.day.year - 1} của {w.province()} đạt "
        f"{w.pct(60, 72)} điểm, xếp thứ {w.rng.randint(1, 63)}. Toàn tỉnh có thêm {w.n(300, 4000)} doanh "
        f"nghiệp thành lập mới với tổng vốn đăng ký {w.n(2000, 60000)} tỷ đồng.",
        f"Giá trị sản xuất công nghiệp tăng {w.pct(3, 18)}% so với cùng kỳ; tổng mức bán lẻ hàng hóa và "
        f"doanh thu dịch vụ tiêu dùng đạt {w.n(5000, 150000)} tỷ đồng.",
    )


def infrastructure(w: Writer) -> str:
    return w.pick(
        f"Dự án đường giao thông nối {w.district()} với quốc lộ {w.rng.randint(1, 60)} có chiều dài "
        f"{decimal(w.rng.uniform(2, 40), 1)} km, tổng mức đầu tư {w.n(120, 3500)} tỷ đồng, được phê duyệt "
        f"theo {w.document()}. Đến nay, khối lượng thi công đạt khoảng {w.rng.randint(20, 95)}%.",
        f"Năm {w.day.year}, {w.local_unit()} đã cứng hóa {decimal(w.rng.uniform(3, 80), 1)} km đường giao "
        f"thông nông thôn, xây mới {w.n(2, 30)} nhà văn hóa thôn và {w.n(1, 12)} trạm y tế.",
        f"Công trình cầu {w.pick('Bến Mới', 'Sông Đào', 'Ngòi Lạt', 'Cửa Khe', 'Đồng Bằng')} dài "
        f"{w.n(120, 1800)} m, rộng {decimal(w.rng.uniform(8, 30), 1)} m, khởi công từ tháng "
        f"{w.rng.randint(1, 12)}/{w.day.year - 2}, dự kiến hoàn thành trong quý IV/{w.day.year}.",
        f"Dự án khu dân cư mới có diện tích {decimal(w.rng.uniform(5, 150), 2)} ha, bố trí "
        f"{w.n(200, 3000)} lô đất tái định cư cho {w.n(80, 900)} hộ bị ảnh hưởng.",
    )


def education(w: Writer) -> str:
    return w.pick(
        f"Kỳ thi tốt nghiệp trung học phổ thông năm {w.day.year} có {w.n(3000, 40000)} thí sinh dự thi; tỷ "
        f"lệ tốt nghiệp đạt {w.pct(95, 99.9)}%, điểm trung bình các môn xếp thứ {w.rng.randint(1, 63)} cả "
        f"nước.",
        f"Toàn {w.district()} hiện có {w.n(20, 120)} trường học, trong đó {w.n(10, 90)} trường đạt chuẩn "
        f"quốc gia, chiếm {w.pct(40, 95)}%. Năm học {w.day.year - 1}–{w.day.year} có {w.n(5000, 60000)} "
        f"học sinh.",
        f"Đội tuyển học sinh giỏi của tỉnh giành {w.n(5, 60)} giải tại kỳ thi chọn học sinh giỏi quốc gia, "
        f"gồm {w.n(1, 8)} giải nhất, {w.n(2, 15)} giải nhì và {w.n(3, 20)} giải ba.",
    )


def agriculture(w: Writer) -> str:
    return w.pick(
        f"Vụ đông xuân {w.day.year - 1}–{w.day.year}, nông dân {w.district()} gieo cấy {w.n(2000, 40000)} ha "
        f"lúa, năng suất bình quân đạt {decimal(w.rng.uniform(50, 75), 1)} tạ/ha; sản lượng ước "
        f"{w.n(20000, 300000)} tấn.",
        f"Đến nay, {w.local_unit()} có {w.n(5, 150)} xã đạt chuẩn nông thôn mới, {w.n(1, 40)} xã đạt chuẩn "
        f"nông thôn mới nâng cao; bình quân mỗi xã đạt {decimal(w.rng.uniform(15, 19), 1)}/19 tiêu chí.",
        f"Tổng đàn lợn trên địa bàn đạt {w.n(50000, 900000)} con, đàn gia cầm "
        f"{decimal(w.rng.uniform(1, 20), 1)} triệu con; diện tích nuôi trồng thủy sản {w.n(500, 20000)} ha.",
        f"Chương trình mỗi xã một sản phẩm (OCOP) có {w.n(20, 400)} sản phẩm đạt từ 3 sao trở lên, "
        f"trong đó {w.n(1, 20)} sản phẩm đạt 4 sao.",
    )


def health_and_society(w: Writer) -> str:
    return w.pick(
        f"Tỷ lệ người dân tham gia bảo hiểm y tế đạt {w.pct(85, 99)}%; tỷ lệ hộ nghèo giảm còn "
        f"{w.pct(0.5, 8)}%, tương ứng {w.n(300, 9000)} hộ.",
        f"Trong đợt cao điểm, ngành y tế đã tiêm {w.n(10000, 500000)} liều vắc xin, khám sàng lọc cho "
        f"{w.n(2000, 80000)} lượt trẻ em dưới 5 tuổi.",
        f"Dịp Tết Nguyên đán, {w.province()} đã trao {w.n(5000, 90000)} suất quà cho hộ nghèo, gia đình "
        f"chính sách với tổng trị giá {w.n(3, 90)} tỷ đồng.",
        f"Quỹ Vì người nghèo các cấp vận động được {w.n(2, 80)} tỷ đồng, hỗ trợ xây mới và sửa chữa "
        f"{w.n(40, 1500)} nhà đại đoàn kết.",
    )


def traffic_and_order(w: Writer) -> str:
    return w.pick(
        f"Trên địa bàn xảy ra {w.n(10, 400)} vụ tai nạn giao thông, làm chết {w.n(5, 200)} người, bị thương "
        f"{w.n(5, 300)} người; so với cùng kỳ giảm {w.n(1, 30)} vụ.",
        f"Lực lượng công an đã phát hiện, xử lý {w.n(100, 9000)} trường hợp vi phạm trật tự an toàn giao "
        f"thông, phạt tiền {w.n(1, 60)} tỷ đồng, tạm giữ {w.n(20, 900)} phương tiện.",
        f"Cơ quan cảnh sát điều tra đã khởi tố {w.n(5, 200)} vụ án, {w.n(8, 300)} bị can liên quan đến "
        f"ma túy và đánh bạc.",
    )


def culture(w: Writer) -> str:
    return w.pick(
        f"Lễ hội truyền thống năm nay thu hút khoảng {w.n(10000, 300000)} lượt khách tham quan; doanh thu "
        f"du lịch ước đạt {w.n(50, 9000)} tỷ đồng.",
        f"Đoàn vận động viên của tỉnh tham dự Đại hội Thể dục thể thao toàn quốc lần "
        f"thứ {w.rng.randint(8, 10)}, xếp thứ {w.rng.randint(1, 63)} toàn đoàn.",
        f"Nhân kỷ niệm {w.rng.randint(20, 95)} năm Ngày thành lập, bảo tàng đã trưng bày {w.n(200, 2000)} "
        f"hiện vật, tư liệu quý.",
        f"Toàn {w.district()} có {w.n(100, 900)} thôn, tổ dân phố, trong đó {w.pct(80, 99)}% được công nhận "
        f"danh hiệu khu dân cư văn hóa.",
    )


def party_and_government(w: Writer) -> str:
    return w.pick(
        f"Thực hiện {w.document()}, {w.local_unit()} đã tổ chức quán triệt tới {w.n(300, 20000)} cán bộ, "
        f"đảng viên; ban hành {w.n(2, 30)} văn bản chỉ đạo, hướng dẫn.",
        f"Đại hội đã bầu Ban Chấp hành gồm {w.n(15, 65)} đồng chí; Ban Thường vụ gồm {w.n(5, 17)} đồng chí.",
        f"Trong năm, {w.province()} đã cắt giảm {w.n(10, 200)} thủ tục hành chính; tỷ lệ hồ sơ giải quyết "
        f"đúng hạn đạt {w.pct(95, 100)}%, tỷ lệ hồ sơ trực tuyến đạt {w.pct(30, 95)}%.",
        f"Hội nghị lần thứ {w.rng.randint(2, 25)} Ban Chấp hành Đảng bộ {w.province()} khóa "
        f"{w.pick('XV', 'XVI', 'XVII', 'XVIII', 'XX')} đã thảo luận {w.n(3, 12)} nội dung quan trọng.",
        f"Theo {w.document()}, từ ngày {w.rng.randint(1, 28)}/{w.rng.randint(1, 12)}/{w.day.year}, bộ máy "
        f"hành chính của {w.district()} gồm {w.n(8, 14)} phòng chuyên môn và {w.n(2, 6)} đơn vị sự nghiệp.",
    )


def weather(w: Writer) -> str:
    return w.pick(
        f"Do ảnh hưởng của cơn bão số {w.rng.randint(1, 12)}, lượng mưa phổ biến từ {w.n(80, 150)} đến "
        f"{w.n(160, 400)} mm; {w.n(10, 900)} ngôi nhà bị tốc mái, {w.n(100, 9000)} ha hoa màu bị ngập.",
        f"Nắng nóng kéo dài, nhiệt độ cao nhất có nơi trên {w.rng.randint(37, 41)} độ C; mực nước các hồ "
        f"chứa chỉ đạt {w.rng.randint(30, 70)}% dung tích thiết kế.",
    )


def everyday_petition(w: Writer) -> str:
    """General news uses words such as "phản ánh" and "kiến nghị" without any statistics of them."""
    return w.pick(
        f"Người dân {w.place.commune} phản ánh tình trạng xe chở vật liệu xây dựng gây bụi, ảnh hưởng đến "
        f"sinh hoạt của khoảng {w.n(100, 800)} hộ gia đình dọc tuyến đường.",
        f"Nhiều hộ kinh doanh kiến nghị cơ quan chức năng sớm có phương án di dời chợ tạm, nơi có "
        f"{w.n(40, 400)} ki-ốt đang hoạt động.",
        f"Trước đó, báo đã nhận được phản ánh của bạn đọc về việc thu phí trông giữ xe vượt mức quy định "
        f"tại {w.n(2, 15)} điểm trông giữ.",
    )


OFF_TOPIC_WRITERS: tuple[Callable[[Writer], str], ...] = (
    economy,
    infrastructure,
    education,
    agriculture,
    health_and_society,
    traffic_and_order,
    culture,
    party_and_government,
    weather,
)


# --- on-topic prose: the subject, but no statistic of it ---------------------------------------------


def dialogue_prose(w: Writer) -> str:
    return w.pick(
        f"Ban Thường vụ {w.pick('Tỉnh ủy', 'Huyện ủy', 'Thành ủy')} yêu cầu cấp ủy, chính quyền các cấp tăng "
        f"cường đối thoại định kỳ và đột xuất với Nhân dân, lắng nghe tâm tư, nguyện vọng chính đáng của "
        f"người dân theo tinh thần {w.document()}.",
        f"Theo Chủ tịch UBND {w.district()}, đối thoại không phải là hình thức mà phải giải quyết được việc "
        f"cụ thể; ý kiến nào thuộc thẩm quyền thì trả lời ngay tại hội nghị.",
        f"Năm {w.day.year}, Ban Dân vận {w.pick('Tỉnh ủy', 'Huyện ủy')} tiếp tục tham mưu tổ chức hội nghị "
        f"đối thoại giữa người đứng đầu cấp ủy với đoàn viên, hội viên, tập trung vào các vấn đề dư luận "
        f"quan tâm.",
        f"Hội nghị đối thoại diễn ra trong không khí dân chủ, cởi mở; nhiều ý kiến tâm huyết về giải phóng "
        f"mặt bằng, cấp giấy chứng nhận quyền sử dụng đất đã được lãnh đạo {w.district()} giải đáp thấu đáo.",
        f"Đại biểu HĐND {w.province()} đã tiếp xúc cử tri tại {w.n(20, 120)} điểm, tiếp nhận {w.n(50, 600)} "
        f"ý kiến, kiến nghị của cử tri trước kỳ họp thứ {w.rng.randint(2, 20)}.",
    )


def complaint_prose(w: Writer) -> str:
    return w.pick(
        f"Công tác tiếp công dân, giải quyết khiếu nại, tố cáo được thực hiện theo {w.document()}; người "
        f"đứng đầu phải trực tiếp tiếp dân định kỳ ít nhất {w.n(1, 2)} ngày trong tháng.",
        f"So với cùng kỳ năm trước, số đơn thư khiếu nại giảm {w.n(5, 90)} đơn, số vụ việc tố cáo giảm "
        f"{w.n(1, 20)} vụ; tồn đầu kỳ {w.n(3, 40)} đơn chuyển sang.",
        f"Chủ tịch UBND {w.province()} yêu cầu không để phát sinh điểm nóng, khiếu kiện đông người vượt cấp, "
        f"nhất là trong thời gian diễn ra các sự kiện chính trị quan trọng.",
        f"Nội dung khiếu nại chủ yếu liên quan đến bồi thường, hỗ trợ tái định cư khi Nhà nước thu hồi đất; "
        f"có {w.n(3, 40)} đơn không thuộc thẩm quyền đã được hướng dẫn công dân gửi đến cơ quan "
        f"có thẩm quyền.",
        f"Tỷ lệ {w.pct(90, 100)}% ý kiến của công dân được giải đáp thỏa đáng; hiện còn {w.n(2, 20)} vụ việc "
        f"đang tiếp tục xác minh.",
    )


def award_prose(w: Writer) -> str:
    return w.pick(
        f'Phong trào thi đua "Dân vận khéo" ngày càng đi vào chiều sâu, góp phần xây dựng mối quan hệ mật '
        f"thiết giữa Đảng, chính quyền với Nhân dân ở {w.province()}.",
        f"Hội đồng Thi đua – Khen thưởng {w.district()} đề nghị Chủ tịch UBND {w.province()} tặng Bằng "
        f"khen cho {w.n(3, 30)} tập thể và {w.n(3, 40)} cá nhân có thành tích tiêu biểu.",
        f'Bình quân mỗi xã có {w.n(1, 3)} mô hình "Dân vận khéo"; phấn đấu đến năm {w.day.year + 2} có '
        f"{w.n(100, 900)} mô hình được công nhận.",
        f'Hơn {w.n(60, 90)}% mô hình "Dân vận khéo" phát huy hiệu quả, được nhân rộng trong '
        f"toàn {w.province()}.",
    )


ON_TOPIC_PROSE_WRITERS: tuple[Callable[[Writer], str], ...] = (dialogue_prose, complaint_prose, award_prose)


# --- statistics: the facts the warehouse should read -----------------------------------------------------


def dialogue_statistics(w: Writer) -> str:
    holder = w.pick(
        f"UBND {w.district()}",
        f"chính quyền các cấp ở {w.province()}",
        f"người đứng đầu cấp ủy, chính quyền {w.district()}",
        f"UBND {w.place.commune}",
    )
    # Subtotals never exceed their totals, as the warehouse's data tests require of real articles too.
    sessions = w.rng.randint(20, 400)
    commune_sessions = w.rng.randint(sessions // 2, sessions)
    opinions = w.rng.randint(50, 3000)
    answered = w.rng.randint(opinions // 2, opinions)
    return w.pick(
        f"{w.sentence_case(w.period())}, {holder} đã tổ chức {number(sessions)} cuộc đối thoại định kỳ với "
        f"Nhân dân, trong đó có {number(commune_sessions)} hội nghị cấp xã với tổng số {number(opinions)} ý "
        f"kiến được nêu.",
        f"{w.sentence_case(w.period())}, {holder} tổ chức {qualifier(w.rng)}{number(sessions)} buổi "
        f"tiếp xúc, đối thoại với người dân. Tại các buổi đối thoại, bà con đã nêu {number(opinions)} ý "
        f"kiến, kiến nghị; đến nay đã có {number(answered)} ý kiến được giải quyết, trả lời.",
        f"Hội nghị đối thoại giữa Chủ tịch UBND {w.district()} với Nhân dân {w.place.commune} có "
        f"{qualifier(w.rng)}{w.n(80, 600)} người tham dự; {w.n(10, 60)} ý kiến đã được lãnh đạo huyện trả "
        f"lời trực tiếp tại hội nghị.",
        f"Ngoài các cuộc đối thoại định kỳ, {holder} còn tổ chức {w.n(2, 60)} cuộc đối thoại đột xuất và "
        f"{w.n(1, 30)} cuộc đối thoại chuyên đề về giải phóng mặt bằng, môi trường, an sinh xã hội.",
        f"Cấp huyện tổ chức {number(sessions - commune_sessions + 1)} hội nghị đối thoại với "
        f"{number(opinions - answered + 1)} ý kiến; cấp xã tổ chức {number(sessions)} hội nghị đối thoại, "
        f"tiếp nhận {number(opinions)} ý kiến, kiến nghị của Nhân dân.",
        f"Qua {number(sessions)} cuộc đối thoại {w.pick('định kỳ', 'chuyên đề', 'đột xuất')} {w.period()}, "
        f"{holder} đã tiếp nhận, giải đáp {number(opinions)} ý kiến của đoàn viên, hội viên và người dân.",
    )


def complaint_statistics(w: Writer) -> str:
    offices = w.pick(
        f"các cơ quan hành chính nhà nước {w.province()}",
        f"Ban Tiếp công dân {w.province()}",
        f"UBND {w.district()}",
        "các cấp, các ngành",
    )
    visits = w.rng.randint(300, 40000)
    people = visits + w.rng.randint(0, visits)
    received = w.rng.randint(200, 9000)
    petitions = w.rng.randint(20, min(900, received))
    cases = w.rng.randint(petitions // 2, petitions)
    resolved = w.rng.randint(cases // 2, cases)
    rate = decimal(100 * resolved / cases, 2)
    complaints = w.rng.randint(received // 3, received * 2 // 3)
    denunciations = w.rng.randint(0, received - complaints)
    return w.pick(
        f"{w.sentence_case(w.period())}, {offices} đã tiếp {qualifier(w.rng)}{number(visits)} lượt công dân "
        f"với {number(people)} người, trong đó có {w.n(2, 90)} đoàn đông người; tiếp nhận, xử lý "
        f"{number(received)} đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh.",
        f"Số đơn thuộc thẩm quyền là {number(petitions)} đơn, gồm {number(cases)} vụ việc thuộc thẩm quyền; "
        f"đến nay đã giải quyết {number(resolved)} vụ việc, đạt tỷ lệ {rate}%.",
        f"{w.sentence_case(w.period())}, {offices} tiếp {number(visits)} lượt người đến khiếu nại, tố cáo, "
        f"kiến nghị, phản ánh; nhận {number(received)} đơn các loại, trong đó có {number(petitions)} "
        f"đơn thuộc thẩm quyền.",
        f"Các cơ quan có thẩm quyền đã giải quyết {number(resolved)}/{number(cases)} vụ việc khiếu "
        f"nại, tố cáo thuộc thẩm quyền, đạt tỷ lệ {rate}%; {number(cases - resolved)} vụ việc đang "
        f"giải quyết.",
        f"Trong kỳ, {offices} đã tiếp nhận {number(received)} đơn thư ({number(complaints)} đơn khiếu nại, "
        f"{number(denunciations)} đơn tố cáo), đã giải quyết {number(resolved)} đơn.",
    )


def award_statistics(w: Writer) -> str:
    issuer = w.pick(
        f"Chủ tịch UBND {w.province()}",
        "Thủ tướng Chính phủ",
        f"Ban Thường vụ {w.pick('Tỉnh ủy', 'Thành ủy')}",
        f"Chủ tịch UBND {w.district()}",
    )
    form = w.pick("Bằng khen", "Giấy khen", "Cờ thi đua", "Kỷ niệm chương")
    return w.pick(
        f"Dịp này, {issuer} đã tặng {form} cho {w.n(2, 40)} tập thể và {w.n(2, 60)} cá nhân có thành tích "
        f'xuất sắc trong phong trào thi đua "Dân vận khéo" {w.period()}.',
        f"{w.sentence_case(w.n(2, 40))} tập thể, {w.n(2, 60)} cá nhân được {issuer} tặng {form} vì đã có "
        f"thành tích tiêu biểu trong công tác dân vận.",
        f'Toàn {w.province()} có {qualifier(w.rng)}{w.n(100, 3000)} mô hình "Dân vận khéo" được công nhận, '
        f"trong đó cấp huyện {w.n(20, 400)} mô hình, cấp xã {w.n(80, 2500)} mô hình.",
        f"{w.sentence_case(w.period())}, {w.district()} đã xây dựng {w.n(20, 300)} mô hình, điển hình "
        f'"Dân vận khéo" trên các lĩnh vực; {w.n(2, 12)} mô hình tiêu biểu được {issuer} tặng {form}.',
        f'Tại hội nghị, {issuer} trao {form} cho {w.n(2, 30)} gương điển hình "Dân vận khéo".',
    )


STATISTICS_WRITERS: tuple[Callable[[Writer], str], ...] = (
    dialogue_statistics,
    complaint_statistics,
    award_statistics,
)

TITLES = {
    "off_topic": (
        "{province}: kinh tế - xã hội {year} tiếp tục phục hồi",
        "Đẩy nhanh tiến độ các công trình trọng điểm ở {district}",
        "{district} hoàn thành chỉ tiêu xây dựng nông thôn mới",
        "Ngành giáo dục {province} tổng kết năm học",
        "Chủ động ứng phó mưa lũ, bảo đảm an toàn cho người dân",
        "{province} thu hút đầu tư vào khu công nghiệp",
    ),
    "on_topic_prose": (
        "Nâng cao chất lượng đối thoại giữa chính quyền với Nhân dân",
        "{province} chú trọng công tác tiếp công dân",
        'Lan tỏa phong trào "Dân vận khéo" ở {district}',
        "Phát huy dân chủ ở cơ sở, lắng nghe ý kiến Nhân dân",
    ),
    "statistics": (
        "{district}: hiệu quả từ đối thoại với Nhân dân",
        "{province} tổng kết công tác tiếp công dân, giải quyết khiếu nại, tố cáo {year}",
        'Khen thưởng các tập thể, cá nhân tiêu biểu trong phong trào "Dân vận khéo"',
        "Dân vận chính quyền ở {province}: nhiều chuyển biến tích cực",
        "{district} sơ kết công tác dân vận chính quyền {year}",
    ),
}


def article_kind(rng: random.Random) -> str:
    draw = rng.random()
    if draw < OFF_TOPIC:
        return "off_topic"
    return "on_topic_prose" if draw < OFF_TOPIC + ON_TOPIC_PROSE else "statistics"


def paragraphs(w: Writer, kind: str, target_chars: int) -> list[str]:
    """Off-topic paragraphs around the article's subject, until the article is about target_chars long."""
    subject = {"off_topic": (), "on_topic_prose": ON_TOPIC_PROSE_WRITERS, "statistics": STATISTICS_WRITERS}
    own = subject[kind]
    chosen: list[str] = []
    if own:
        chosen += [w.rng.choice(own)(w) for _ in range(w.rng.randint(1, 4))]
        if kind == "statistics" and w.rng.random() < 0.5:
            chosen.append(w.rng.choice(ON_TOPIC_PROSE_WRITERS)(w))
    while sum(len(p) + 2 for p in chosen) < target_chars:
        writer = everyday_petition if w.rng.random() < 0.08 else w.rng.choice(OFF_TOPIC_WRITERS)
        chosen.insert(w.rng.randint(0, len(chosen)), writer(w))
    return chosen


def synthetic_article(index: int, seed: int = 2025) -> SyntheticArticle:
    rng = random.Random(seed * 1_000_003 + index)
    day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    place = place_for(rng, day)
    kind = article_kind(rng)
    w = Writer(rng, place, day)
    title = rng.choice(TITLES[kind]).format(province=place.province, district=w.district(), year=day.year)
    text = "\n\n".join(paragraphs(w, kind, rng.randint(2000, 4000)))
    source = rng.choice(SOURCES)
    published = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59)), VIETNAM)
    return SyntheticArticle(
        url=f"https://{source.replace('_', '-')}.example.vn/tin-tuc/bai-{index:07d}.html",
        source=source,
        title=title,
        published_at=published,
        text=text,
        kind=kind,
    )


def synthetic_articles(count: int, start: int = 0, seed: int = 2025) -> Iterator[SyntheticArticle]:
    """Articles start … start+count-1 of the corpus of `seed`."""
    for index in range(start, start + count):
        yield synthetic_article(index, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0, help="index of the first article")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, help="JSON Lines file (default: standard output)")
    args = parser.parse_args()
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    with out:
        for article in synthetic_articles(args.articles, args.start, args.seed):
            out.write(json.dumps(article.as_document(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

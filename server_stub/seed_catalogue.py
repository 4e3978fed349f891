"""The demo catalogue: three units of Thừa Thiên Huế and their procedures (Art. 7 fields).

Procedure codes follow the national catalogue's style (`1.001193`); names, components,
limits and fees are written as public one-stop systems publish them. Check against the
catalogue in force before using any of it for real: this is demo data.
"""

from __future__ import annotations

from desk_app.domain import (
    Channel,
    ComponentSpec,
    Procedure,
    ProcessShape,
    TimeLimit,
    TimeUnit,
    Unit,
)

DEPARTMENT = Unit(
    "000.00.12.H57", "Sở Tư pháp tỉnh Thừa Thiên Huế", ProcessShape.DEPARTMENT,
    parent_name="UBND TỈNH THỪA THIÊN HUẾ",
    address="07 Tôn Đức Thắng, phường Phú Hội, thành phố Huế", phone="0234 3821 355",
    register_symbol="GP-STP")
DISTRICT = Unit(
    "000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT,
    parent_name="UBND TỈNH THỪA THIÊN HUẾ",
    address="Số 02 đường Phạm Văn Đồng, thị trấn Phú Đa, huyện Phú Vang", phone="0234 3860 215",
    register_symbol="GP-UBND")
COMMUNE = Unit(
    "000.22.31.H57", "UBND xã Phú Thuận", ProcessShape.COMMUNE,
    parent_name="UBND HUYỆN PHÚ VANG",
    address="Thôn Hòa Duân, xã Phú Thuận, huyện Phú Vang", phone="0234 3865 118",
    register_symbol="QĐ-UBND",
    # Its own hours (set by the province office): desk and portal count from them.
    sessions=("07:30-11:30", "13:30-17:00"))
UNITS = (DEPARTMENT, DISTRICT, COMMUNE)

WD, WH, CD = TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS
BOTH = (Channel.IN_PERSON, Channel.ONLINE, Channel.POST)
PAPER = (Channel.IN_PERSON, Channel.POST)

TK = "Tờ khai theo mẫu"
CCCD = ("cccd", "Căn cước công dân hoặc giấy tờ tùy thân có ảnh (bản sao)", True)

# (code, name, field, amount, unit, fee text, fee đồng, components, result, legal basis,
#  ways to submit)
_Row = tuple[str, str, str, float, TimeUnit, str, int,
             tuple[tuple[str, str, bool], ...], str, tuple[str, ...], tuple[Channel, ...]]

_DEPARTMENT: tuple[_Row, ...] = (
    ("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
     "tại Việt Nam", "Lý lịch tư pháp", 10, WD, "200.000 đồng/lần/người; sinh viên, người có "
     "công: 100.000 đồng", 200000,
     (("tk", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)", True), CCCD,
      ("ct", "Giấy tờ chứng minh nơi cư trú (bản sao)", False)),
     "Phiếu lý lịch tư pháp số 1 hoặc số 2", ("Luật Lý lịch tư pháp số 28/2009/QH12",
     "Thông tư số 244/2016/TT-BTC"), BOTH),
    ("2.000505", "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, cơ quan tiến hành tố tụng",
     "Lý lịch tư pháp", 10, WD, "Không thu phí", 0,
     (("vb", "Văn bản yêu cầu cấp Phiếu lý lịch tư pháp", True),),
     "Phiếu lý lịch tư pháp", ("Luật Lý lịch tư pháp số 28/2009/QH12",), PAPER),
    ("1.001877", "Đăng ký hành nghề và cấp Thẻ công chứng viên", "Công chứng", 10, WD,
     "Không thu phí", 0,
     (("dn", "Đơn đề nghị đăng ký hành nghề (Mẫu TP-CC-05)", True),
      ("qd", "Quyết định bổ nhiệm công chứng viên (bản sao)", True),
      ("ah", "02 ảnh chân dung 2cm x 3cm", True)),
     "Thẻ công chứng viên", ("Luật Công chứng số 53/2014/QH13",
     "Thông tư số 01/2021/TT-BTP"), BOTH),
    ("1.001665", "Thành lập Văn phòng công chứng", "Công chứng", 20, WD,
     "1.000.000 đồng/hồ sơ", 1000000,
     (("dn", "Đơn đề nghị thành lập Văn phòng công chứng (Mẫu TP-CC-07)", True),
      ("da", "Đề án thành lập Văn phòng công chứng", True),
      ("qd", "Quyết định bổ nhiệm công chứng viên (bản sao)", True)),
     "Quyết định cho phép thành lập Văn phòng công chứng",
     ("Luật Công chứng số 53/2014/QH13", "Nghị định số 29/2015/NĐ-CP"), BOTH),
    ("2.000789", "Đăng ký hoạt động của Văn phòng công chứng", "Công chứng", 10, WD,
     "1.000.000 đồng/hồ sơ", 1000000,
     (("dn", "Đơn đề nghị đăng ký hoạt động (Mẫu TP-CC-08)", True),
      ("tr", "Giấy tờ chứng minh về trụ sở (bản sao)", True)),
     "Giấy đăng ký hoạt động Văn phòng công chứng", ("Luật Công chứng số 53/2014/QH13",),
     BOTH),
    ("1.008923", "Cấp Giấy đăng ký hoạt động của tổ chức hành nghề luật sư", "Luật sư", 10, WD,
     "100.000 đồng/hồ sơ", 100000,
     (("dn", "Giấy đề nghị đăng ký hoạt động (Mẫu TP-LS-03)", True),
      ("dl", "Dự thảo Điều lệ (đối với công ty luật)", False),
      ("cc", "Chứng chỉ hành nghề luật sư, Thẻ luật sư (bản sao)", True),
      ("tr", "Giấy tờ chứng minh về trụ sở (bản sao)", True)),
     "Giấy đăng ký hoạt động", ("Luật Luật sư số 65/2006/QH11", "Thông tư số 05/2021/TT-BTP"),
     BOTH),
    ("1.000614", "Đăng ký hoạt động của Trung tâm tư vấn pháp luật", "Tư vấn pháp luật", 10, WD,
     "Không thu phí", 0,
     (("dn", "Giấy đề nghị đăng ký hoạt động (Mẫu TP-TVPL-01)", True),
      ("qd", "Quyết định thành lập Trung tâm (bản sao)", True)),
     "Giấy đăng ký hoạt động", ("Nghị định số 77/2008/NĐ-CP",), BOTH),
    ("2.000994", "Cấp Chứng chỉ hành nghề quản tài viên", "Quản tài viên", 15, WD,
     "Không thu phí", 0,
     (("dn", "Giấy đề nghị cấp chứng chỉ (Mẫu TP-QTV-01)", True),
      ("bc", "Bằng cử nhân luật, kinh tế hoặc kế toán (bản sao có chứng thực)", True),
      ("xn", "Giấy tờ chứng minh thời gian công tác", True)),
     "Chứng chỉ hành nghề quản tài viên", ("Luật Phá sản số 51/2014/QH13",
     "Nghị định số 22/2015/NĐ-CP"), BOTH),
    ("1.009869", "Thay đổi nội dung đăng ký hoạt động của Văn phòng giám định tư pháp",
     "Giám định tư pháp", 7, WD, "Không thu phí", 0,
     (("dn", "Đơn đề nghị thay đổi nội dung đăng ký hoạt động", True),
      ("gt", "Giấy tờ chứng minh nội dung thay đổi", True)),
     "Giấy đăng ký hoạt động (cấp lại)", ("Luật Giám định tư pháp số 13/2012/QH13",), BOTH),
    ("1.010034", "Cấp bản sao trích lục hộ tịch (đăng ký tại Sở Tư pháp trước đây)", "Hộ tịch",
     1, WD, "8.000 đồng/bản sao", 8000,
     (("tk", "Tờ khai cấp bản sao trích lục hộ tịch", True), CCCD),
     "Bản sao trích lục hộ tịch", ("Luật Hộ tịch số 60/2014/QH13",), BOTH),
)

_DISTRICT: tuple[_Row, ...] = (
    ("1.004227", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Quy hoạch - Xây dựng", 15, WD,
     "75.000 đồng/giấy phép", 75000,
     (("dn", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01, Phụ lục II, NĐ 15/2021)", True),
      ("qsd", "Giấy chứng nhận quyền sử dụng đất (bản sao)", True),
      ("bv", "02 bộ bản vẽ thiết kế xây dựng", True),
      ("cm", "Bản kê khai năng lực của tổ chức, cá nhân thiết kế", False)),
     "Giấy phép xây dựng", ("Luật Xây dựng số 50/2014/QH13", "Nghị định số 15/2021/NĐ-CP"),
     BOTH),
    ("1.004218", "Gia hạn giấy phép xây dựng nhà ở riêng lẻ", "Quy hoạch - Xây dựng", 5, WD,
     "15.000 đồng/giấy phép", 15000,
     (("dn", "Đơn đề nghị gia hạn giấy phép xây dựng", True),
      ("gp", "Bản chính giấy phép xây dựng đã được cấp", True)),
     "Giấy phép xây dựng được gia hạn", ("Nghị định số 15/2021/NĐ-CP",), BOTH),
    ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền "
     "của Việt Nam cấp hoặc chứng nhận", "Chứng thực", 1, CD,
     "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
     2000, (("bc", "Bản chính giấy tờ, văn bản cần chứng thực", True),
            ("bs", "Bản sao cần chứng thực", True)),
     "Bản sao được chứng thực từ bản chính", ("Nghị định số 23/2015/NĐ-CP",), PAPER),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", 1, CD,
     "10.000 đồng/trường hợp", 10000,
     (CCCD, ("vb", "Giấy tờ, văn bản cần chứng thực chữ ký", True)),
     "Giấy tờ, văn bản được chứng thực chữ ký", ("Nghị định số 23/2015/NĐ-CP",), PAPER),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     3, WD, "100.000 đồng/lần", 100000,
     (("gdn", "Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1)", True), CCCD,
      ("bb", "Biên bản họp thành viên hộ gia đình (nếu có)", False)),
     "Giấy chứng nhận đăng ký hộ kinh doanh", ("Nghị định số 01/2021/NĐ-CP",), BOTH),
    ("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
     "Thành lập và hoạt động của hộ kinh doanh", 3, WD, "50.000 đồng/lần", 50000,
     (("tb", "Thông báo thay đổi nội dung đăng ký hộ kinh doanh (Phụ lục III-2)", True),
      ("gcn", "Bản chính Giấy chứng nhận đăng ký hộ kinh doanh", True)),
     "Giấy chứng nhận đăng ký hộ kinh doanh (thay đổi)", ("Nghị định số 01/2021/NĐ-CP",), BOTH),
    ("2.000528", "Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch", 15, WD,
     "75.000 đồng", 75000,
     (("tk", "Tờ khai đăng ký khai sinh", True), ("gcs", "Giấy chứng sinh", True),
      ("qt", "Văn bản thỏa thuận chọn quốc tịch cho con", False)),
     "Giấy khai sinh", ("Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP"), BOTH),
    ("1.000893", "Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", 15, WD,
     "1.500.000 đồng", 1500000,
     (("tk", "Tờ khai đăng ký kết hôn", True),
      ("xn", "Giấy xác nhận tình trạng hôn nhân", True),
      ("sk", "Giấy xác nhận của tổ chức y tế về sức khỏe tâm thần", True), CCCD),
     "Giấy chứng nhận kết hôn", ("Luật Hôn nhân và gia đình số 52/2014/QH13",
     "Nghị định số 123/2015/NĐ-CP"), BOTH),
    ("1.001766", "Thay đổi, cải chính, bổ sung thông tin hộ tịch cho người từ đủ 14 tuổi trở lên",
     "Hộ tịch", 3, WD, "28.000 đồng", 28000,
     (("tk", "Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch", True),
      ("gt", "Giấy tờ làm căn cứ thay đổi, cải chính", True)),
     "Trích lục thay đổi, cải chính hộ tịch", ("Luật Hộ tịch số 60/2014/QH13",), BOTH),
    ("2.001236", "Cấp Giấy phép bán lẻ rượu", "Lưu thông hàng hóa trong nước", 10, WD,
     "200.000 đồng/điểm kinh doanh", 200000,
     (("dn", "Đơn đề nghị cấp Giấy phép bán lẻ rượu (Mẫu số 01)", True),
      ("dk", "Giấy chứng nhận đăng ký hộ kinh doanh (bản sao)", True),
      ("cs", "Giấy tờ chứng minh quyền sử dụng địa điểm kinh doanh", True)),
     "Giấy phép bán lẻ rượu", ("Nghị định số 105/2017/NĐ-CP",), BOTH),
)

_COMMUNE: tuple[_Row, ...] = (
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", 1, CD, "Miễn lệ phí (đúng hạn)", 0,
     (("tk", "Tờ khai đăng ký khai sinh", True), ("gcs", "Giấy chứng sinh", True),
      ("uq", "Văn bản ủy quyền (nếu nộp thay)", False)),
     "Giấy khai sinh (bản chính) và bản sao nếu có yêu cầu",
     ("Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP",
      "Thông tư số 04/2020/TT-BTP"), BOTH),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", 1, CD, "Miễn lệ phí", 0,
     (("tk", "Tờ khai đăng ký kết hôn", True),
      ("xn", "Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi khác)", False), CCCD),
     "Giấy chứng nhận kết hôn", ("Luật Hôn nhân và gia đình số 52/2014/QH13",
     "Luật Hộ tịch số 60/2014/QH13"), BOTH),
    ("1.000656", "Đăng ký khai tử", "Hộ tịch", 1, CD, "Miễn lệ phí (đúng hạn)", 0,
     (("tk", "Tờ khai đăng ký khai tử", True),
      ("gbt", "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", True)),
     "Trích lục khai tử", ("Luật Hộ tịch số 60/2014/QH13",), BOTH),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", 3, WD, "3.000 đồng", 3000,
     (("tk", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", True), CCCD,
      ("ly", "Bản án, quyết định ly hôn (nếu đã ly hôn)", False)),
     "Giấy xác nhận tình trạng hôn nhân", ("Nghị định số 123/2015/NĐ-CP",), BOTH),
    ("1.001022", "Đăng ký nhận cha, mẹ, con", "Hộ tịch", 3, WD, "15.000 đồng", 15000,
     (("tk", "Tờ khai đăng ký nhận cha, mẹ, con", True),
      ("cm", "Chứng cứ chứng minh quan hệ cha, mẹ, con", True)),
     "Trích lục đăng ký nhận cha, mẹ, con", ("Luật Hộ tịch số 60/2014/QH13",), BOTH),
    ("1.000689", "Đăng ký giám hộ", "Hộ tịch", 3, WD, "Miễn lệ phí", 0,
     (("tk", "Tờ khai đăng ký giám hộ", True), ("cd", "Văn bản cử người giám hộ", True)),
     "Trích lục đăng ký giám hộ", ("Bộ luật Dân sự số 91/2015/QH13",), BOTH),
    ("1.004884", "Đăng ký lại khai sinh", "Hộ tịch", 5, WD, "8.000 đồng", 8000,
     (("tk", "Tờ khai đăng ký lại khai sinh", True),
      ("bs", "Bản sao giấy tờ có thông tin khai sinh", True)),
     "Giấy khai sinh", ("Nghị định số 123/2015/NĐ-CP",), BOTH),
    ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền "
     "của Việt Nam cấp hoặc chứng nhận", "Chứng thực", 1, CD,
     "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
     2000, (("bc", "Bản chính giấy tờ, văn bản cần chứng thực", True),
            ("bs", "Bản sao cần chứng thực", True)),
     "Bản sao được chứng thực từ bản chính", ("Nghị định số 23/2015/NĐ-CP",), PAPER),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "Chứng thực", 1, CD,
     "10.000 đồng/trường hợp", 10000,
     (CCCD, ("vb", "Giấy tờ, văn bản cần chứng thực chữ ký", True)),
     "Giấy tờ, văn bản được chứng thực chữ ký", ("Nghị định số 23/2015/NĐ-CP",), PAPER),
    ("2.000913", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử "
     "dụng đất và nhà ở", "Chứng thực", 4, WH, "50.000 đồng/hợp đồng, giao dịch", 50000,
     (("dt", "Dự thảo hợp đồng, giao dịch", True), CCCD,
      ("qsd", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở (bản sao)", True)),
     "Hợp đồng, giao dịch được chứng thực", ("Nghị định số 23/2015/NĐ-CP",), PAPER),
)


def _procedure(unit: Unit, row: _Row) -> Procedure:
    code, name, field, amount, tu, fee, fee_amount, comps, result, legal, ways = row
    level = {ProcessShape.DEPARTMENT: "phòng chuyên môn của Sở",
             ProcessShape.DISTRICT: "phòng chuyên môn của UBND huyện",
             ProcessShape.COMMUNE: "công chức chuyên môn của UBND xã"}[unit.shape]
    return Procedure(
        code=code, agency_id=unit.agency_id, name=name, field=field,
        steps=(
            "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định và nộp trực tuyến trên Cổng "
            "dịch vụ công, qua bưu chính hoặc tại Bộ phận tiếp nhận và trả kết quả.",
            f"Bước 2: Bộ phận tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hồ sơ chưa đầy "
            f"đủ thì hướng dẫn bổ sung một lần; hồ sơ đầy đủ thì tiếp nhận và chuyển {level} "
            "xử lý.",
            "Bước 3: Cơ quan chuyên môn thẩm định, trình lãnh đạo phê duyệt, ký số kết quả.",
            "Bước 4: Trả kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc qua bưu chính.",
        ),
        submit_ways=ways,
        components=tuple(ComponentSpec(c, n, required=r,
                                       originals=int(r and "bản sao" not in n),
                                       photocopies=int(not r or "bản sao" in n),
                                       form_template=n if "Mẫu" in n or "Tờ khai" in n else "")
                         for c, n, r in comps),
        time_limit=TimeLimit(amount, tu),
        applicants="Cá nhân, tổ chức" if unit.shape is not ProcessShape.COMMUNE
        else "Công dân Việt Nam cư trú trên địa bàn xã",
        handling_agency=unit.name,
        result=result,
        conditions="Hồ sơ đầy đủ thành phần, thông tin kê khai trung thực.",
        fees=fee, fee_amount=fee_amount, legal_basis=legal,
        place_and_time=f"Bộ phận tiếp nhận và trả kết quả – {unit.name}, {unit.address}; "
                       "sáng 07 giờ 00 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ 00, "
                       "từ thứ Hai đến thứ Sáu (trừ ngày lễ, Tết).",
        result_template=result,
    )


def procedures() -> list[Procedure]:
    return ([_procedure(DEPARTMENT, r) for r in _DEPARTMENT]
            + [_procedure(DISTRICT, r) for r in _DISTRICT]
            + [_procedure(COMMUNE, r) for r in _COMMUNE])

"""Build the translations: extract with pyside6-lupdate, fill English, compile .qm.

    .venv/bin/python -m ui.i18n_build

Source strings are Vietnamese. `EN` below is the English of each one (context-free:
the same Vietnamese text means the same thing everywhere in this UI); the extra
contexts carry texts that come from data (workflow action names, list titles) and
Qt's own standard buttons, which Qt ships no Vietnamese for.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from desk_app.workflow import ACTION_NAMES_VI, Action

HERE = Path(__file__).parent / "i18n"
UI = Path(__file__).parent

EN: dict[str, str] = {
    "Tiếp nhận hồ sơ giấy": "Paper intake",
    "Gõ tên hoặc mã thủ tục, không cần dấu": "Type a procedure's name or code (no accents needed)",
    "Tạo tài khoản Cổng dịch vụ công cho người nộp": "Create a portal account for the applicant",
    "Địa chỉ nhận kết quả qua bưu chính": "Address for delivery by post",
    "Tiếp nhận và in giấy biên nhận": "Receive and print the receipt",
    "Để sau": "Later",
    "1. Thủ tục": "1. Procedure",
    "2. Người nộp hồ sơ": "2. Applicant",
    "Loại": "Kind",
    "Họ tên / Tên tổ chức": "Full name / organisation",
    "Số CCCD / mã số": "ID card / registration no.",
    "Địa chỉ": "Address",
    "Điện thoại": "Phone",
    "Thư điện tử": "E-mail",
    "4. Phí, lệ phí và nhận kết quả": "4. Fees and result delivery",
    "Nội dung yêu cầu": "Request",
    "Phí, lệ phí": "Fees",
    "Nhận kết quả": "Result delivery",
    "Địa chỉ nhận": "Delivery address",
    "Quét": "Scan",
    "Chọn tệp…": "Choose files…",
    "Chọn tệp đã quét": "Choose scanned files",
    "Đổi cán bộ": "Switch officer",
    "Mật khẩu không đúng": "Wrong password",
    "Đăng nhập — Bộ phận một cửa": "Log in — one-stop desk",
    "Đăng nhập": "Log in",
    "Tên đăng nhập": "Username",
    "Mật khẩu": "Password",
    "dữ liệu trên máy này (chưa kết nối Cổng)": "this computer's data (no portal)",
    "Cổng dịch vụ công: ": "Portal: ",
    "Hãy nhập tên đăng nhập và mật khẩu": "Enter your username and password",
    "Đang đăng nhập…": "Logging in…",
    "Mở lại hồ sơ giấy đang nhập dở": "Reopen the unfinished paper intake",
    "Công cụ": "Tools",
    "Đồng bộ": "Sync",
    "Cài đặt": "Settings",
    "Một cửa": "One-stop desk",
    "Đã lưu cài đặt": "Settings saved",
    "Có hồ sơ trực tuyến mới: ": "New online dossier: ",
    "Tìm hồ sơ: mã, tên, số giấy tờ, thủ tục… (Ctrl+F)":
        "Find a dossier: code, name, ID, procedure… (Ctrl+F)",
    "phút": "minutes",
    "Ngôn ngữ": "Language",
    "Hồ sơ": "Dossier",
    "Thành phần": "Components",
    "Quá trình xử lý": "Processing log",
    "Thủ tục": "Procedure",
    "Chọn một hồ sơ trong danh sách để xem": "Select a dossier in the list",
    "Cần ghi rõ lý do": "A reason is required",
    # the 2025 spelling (hóa, khóa) and the device settings
    "3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hóa (F9: quét thành phần kế tiếp)":
        "3. Components: tick the paper received and digitise it (F9: scan the next one)",
    "Số hóa: ": "Digitising: ",
    "chưa số hóa": "not digitised",
    "Đang số hóa…": "Digitising…",
    "Tự khóa khi không dùng sau": "Lock when idle for",
    "Hủy": "Cancel",
    "Có trên máy này…": "Found on this computer…",
    "Không tìm thấy trên máy này": "Not found on this computer",
    "Đang tìm trên máy…": "Searching this computer…",
    "Thử": "Test",
    "Đang thử…": "Testing…",
    # access log, doctor, updates, privacy lock, intake drafts
    "Ai đã mở hồ sơ nào, lúc nào (Ctrl+Shift+A)":
        "Who opened which dossier, and when (Ctrl+Shift+A)",
    "Bản cập nhật mới": "New update",
    "Bỏ hồ sơ này": "Discard this dossier",
    "Chưa có lượt mở hồ sơ nào.": "No dossier has been opened yet.",
    "Chưa kiểm tra.": "Not checked yet.",
    "Cài đặt khi khởi động lại": "Install at restart",
    "Cán bộ: ": "Officer: ",
    "Hồ sơ kế tiếp": "Next dossier",
    "Hồ sơ được che để bảo vệ thông tin của người dân. Nhập mật khẩu để làm tiếp.":
        "Dossiers are hidden to protect citizens' data. Enter your password to go on.",
    "Khóa": "Lock",
    "Không cài bản cập nhật": "Do not install the update",
    "Không kiểm tra được: ": "Could not check: ",
    "Kiểm tra lại": "Check again",
    "Kiểm tra máy": "Check this computer",
    "Kết quả": "Result",
    "Lọc theo mã hồ sơ hoặc tên đăng nhập cán bộ":
        "Filter by dossier code or officer's username",
    "Màn hình đã khóa": "Screen locked",
    "Mật khẩu của cán bộ": "Officer's password",
    "Một cửa — đã khóa": "One-stop desk — locked",
    "Mở khóa": "Unlock",
    "Mục": "Item",
    "Nhật ký truy cập": "Access log",
    "Nhật ký truy cập hồ sơ": "Dossier access log",
    "Tiếp nhận và in giấy tiếp nhận (Ctrl+Enter)":
        "Receive and print the receipt (Ctrl+Enter)",
    "Tiếp tục nhập": "Continue entering",
    "Đang kiểm tra máy…": "Checking this computer…",
    "Đã tải và kiểm tra chữ ký bản cập nhật {0}. Cài đặt khi khởi động lại phần mềm?":
        "Update {0} downloaded, its signature checked. Install it at the next restart?",
    "Đã xem": "Viewed",
    "Đóng hồ sơ đang nhập? Bản nháp được giữ lại để mở tiếp.":
        "Close the dossier being entered? The draft is kept to reopen.",
    "Đóng, giữ bản nháp": "Close, keep the draft",
    # workspaces and lists
    "Chuyên viên": "Specialist",
    "Lãnh đạo": "Leader",
    "Văn thư": "Clerk",
    "Tiếp nhận và xử lý": "Receive and process",
    "Chờ tiếp nhận": "Awaiting receipt",
    "Đã tiếp nhận, chờ chuyển": "Received, to forward",
    "Chờ bổ sung": "Awaiting supplement",
    "Trả kết quả": "Results to return",
    "Đang xử lý": "In process",
    "Được giao xử lý": "Assigned to me",
    "Đã trình lãnh đạo": "Submitted to the leader",
    "Chờ phê duyệt": "Awaiting approval",
    "Đã ký, chờ văn thư": "Signed, with the clerk",
    "Chờ đóng dấu, vào sổ": "Awaiting seal and number",
    "Giao bưu chính các hồ sơ đã chọn": "Hand the selected to the post",
    "Ký duyệt các hồ sơ đã chọn": "Approve and sign the selected",
    "Đóng dấu, vào sổ các hồ sơ đã chọn": "Seal and register the selected",
    "Đồng bộ với Cổng dịch vụ công": "Syncing with the portal",
    "Đang in…": "Printing…",
    "Cài đặt…": "Settings…",
    "Báo cáo": "Reports",
    "Báo cáo: chức năng này chưa sẵn sàng trên máy này": "Reports: not available here",
    "Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm":
        "A new language fully applies after a restart",
    # list columns
    "Mã hồ sơ": "Dossier code",
    "Người nộp": "Applicant",
    "Hạn": "Due",
    "Còn lại": "Time left",
    "Trạng thái": "Status",
    "Hình thức": "Channel",
    "Liên thông": "Inter-agency",
    "Đã chuyển đơn vị khác": "Sent to other units",
    "Nhận từ đơn vị khác": "Received from other units",
    "Kết quả chuyển về để trả": "Results back for return",
}
ACTIONS_EN = {
    Action.SUBMIT: "Register", Action.RECEIVE: "Receive", Action.REFUSE: "Refuse",
    Action.REQUEST_SUPPLEMENT: "Request supplement",
    Action.SUPPLEMENT_RECEIVED: "Supplement received", Action.ASSIGN: "Assign",
    Action.REQUEST_FEES: "Request fees", Action.FEES_PAID: "Fees paid",
    Action.SUBMIT_DRAFT: "Submit to leader", Action.APPROVE: "Approve and sign",
    Action.SEND_BACK: "Send back", Action.SEAL_AND_REGISTER: "Seal and register",
    Action.RETURN_AT_COUNTER: "Return at counter", Action.HAND_TO_POST: "Hand to post",
    Action.WITHDRAW: "Withdraw", Action.STOP: "Stop processing",
    Action.APOLOGISE: "Apology, new date",
    Action.TRANSFER: "Transfer to another unit (inter-agency)",
}
QT_VI = {"OK": "Đồng ý", "Cancel": "Hủy", "Save": "Lưu", "Close": "Đóng", "&Yes": "&Có",
         "&No": "&Không", "Apply": "Áp dụng", "Discard": "Bỏ", "Open": "Mở", "Help": "Trợ giúp"}
EXTRA_CONTEXTS = {
    "Workspace": ["Một cửa", "Chuyên viên", "Lãnh đạo", "Văn thư", "Tiếp nhận và xử lý",
                  "Tiếp nhận hồ sơ giấy", "Giao bưu chính các hồ sơ đã chọn",
                  "Ký duyệt các hồ sơ đã chọn", "Đóng dấu, vào sổ các hồ sơ đã chọn",
                  "Liên thông"],
    "WorkList": ["Chờ tiếp nhận", "Đã tiếp nhận, chờ chuyển", "Chờ bổ sung", "Trả kết quả",
                 "Đang xử lý", "Được giao xử lý", "Đã trình lãnh đạo", "Chờ phê duyệt",
                 "Đã ký, chờ văn thư", "Chờ đóng dấu, vào sổ", "Đã chuyển đơn vị khác",
                 "Nhận từ đơn vị khác", "Kết quả chuyển về để trả"],
    "DossierListModel": ["Mã hồ sơ", "Người nộp", "Thủ tục", "Hạn", "Còn lại", "Trạng thái",
                         "Hình thức"],
}


def _context(root: ET.Element, name: str) -> ET.Element:
    for ctx in root.iter("context"):
        if ctx.findtext("name") == name:
            return ctx
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = name
    return ctx


_LANGUAGE: dict[str, str] = {"current": "vi"}


def _is_vi(msg: ET.Element) -> bool:
    return _LANGUAGE["current"] == "vi"


def _set(ctx: ET.Element, source: str, text: str | None) -> None:
    msg = next((m for m in ctx.iter("message") if m.findtext("source") == source), None)
    if msg is None:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = source
    node = msg.find("translation")
    if node is None:
        node = ET.SubElement(msg, "translation")
    node.attrib.clear()
    if msg.get("numerus") == "yes":
        # tr(text, "", n): one <numerusform> per plural form of the language; Vietnamese
        # has one, and a numerus text with no English is left unfinished (shows its source).
        for form in list(node):
            node.remove(form)
        node.text = None
        forms = [text] if text is not None and _is_vi(msg) else []
        if not forms:
            node.set("type", "unfinished")
        for form_text in forms or [None, None]:
            ET.SubElement(node, "numerusform").text = form_text
        return
    if text is None:
        node.set("type", "unfinished")
        node.text = None
    else:
        node.text = text


def build() -> list[str]:
    sources = sorted(str(p) for p in UI.rglob("*.py") if p.name != "i18n_build.py")
    missing: list[str] = []
    for lang in ("en", "vi"):
        _LANGUAGE["current"] = lang
        ts = HERE / f"desk_{lang}.ts"
        lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent /
                                                          "pyside6-lupdate")
        subprocess.run([lupdate, *sources, "-ts", str(ts), "-source-language", "vi",
                        "-target-language", lang, "-no-obsolete"], check=True,
                       capture_output=True)
        tree = ET.parse(ts)
        root = tree.getroot()
        for name, texts in EXTRA_CONTEXTS.items():
            ctx = _context(root, name)
            for t in texts:
                _set(ctx, t, None)
        action_ctx = _context(root, "Action")
        for action, vi in ACTION_NAMES_VI.items():
            _set(action_ctx, vi, ACTIONS_EN[action] if lang == "en" else vi)
        qt_ctx = _context(root, "QPlatformTheme")
        for en, vi in QT_VI.items():
            _set(qt_ctx, en, en if lang == "en" else vi)
        for ctx in root.iter("context"):
            if ctx.findtext("name") in ("Action", "QPlatformTheme"):
                continue
            for msg in ctx.iter("message"):
                source = msg.findtext("source") or ""
                if lang == "vi":
                    _set(ctx, source, source)
                elif source in EN:
                    _set(ctx, source, EN[source])
                else:
                    missing.append(source)
        ET.indent(tree)
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent /
                                                            "pyside6-lrelease")
        subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True,
                       capture_output=True)
    return sorted(set(missing))


if __name__ == "__main__":
    left = build()
    if left:
        print("Chưa có bản tiếng Anh / untranslated:\n  " + "\n  ".join(left))

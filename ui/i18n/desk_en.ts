<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
  <context>
    <name>DossierView</name>
    <message>
      <location filename="../dossier_view.py" line="75" />
      <source>Chọn một hồ sơ trong danh sách để xem</source>
      <translation>Select a dossier in the list</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="100" />
      <source>Hồ sơ</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="101" />
      <source>Thành phần</source>
      <translation>Components</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="102" />
      <source>Quá trình xử lý</source>
      <translation>Processing log</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="103" />
      <source>Thủ tục</source>
      <translation>Procedure</translation>
    </message>
  </context>
  <context>
    <name>IntakeDialog</name>
    <message>
      <location filename="../intake.py" line="77" />
      <source>Tiếp nhận hồ sơ giấy</source>
      <translation>Paper intake</translation>
    </message>
    <message>
      <location filename="../intake.py" line="85" />
      <source>Gõ tên hoặc mã thủ tục, không cần dấu</source>
      <translation>Type a procedure's name or code (no accents needed)</translation>
    </message>
    <message>
      <location filename="../intake.py" line="103" />
      <source>Tạo tài khoản Cổng dịch vụ công cho người nộp</source>
      <translation>Create a portal account for the applicant</translation>
    </message>
    <message>
      <location filename="../intake.py" line="127" />
      <source>Địa chỉ nhận kết quả qua bưu chính</source>
      <translation>Address for delivery by post</translation>
    </message>
    <message>
      <location filename="../intake.py" line="134" />
      <source>Tiếp nhận và in giấy biên nhận</source>
      <translation>Receive and print the receipt</translation>
    </message>
    <message>
      <location filename="../intake.py" line="138" />
      <source>Để sau</source>
      <translation>Later</translation>
    </message>
    <message>
      <location filename="../intake.py" line="155" />
      <source>1. Thủ tục</source>
      <translation>1. Procedure</translation>
    </message>
    <message>
      <location filename="../intake.py" line="160" />
      <source>2. Người nộp hồ sơ</source>
      <translation>2. Applicant</translation>
    </message>
    <message>
      <location filename="../intake.py" line="162" />
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <location filename="../intake.py" line="163" />
      <source>Họ tên / Tên tổ chức</source>
      <translation>Full name / organisation</translation>
    </message>
    <message>
      <location filename="../intake.py" line="164" />
      <source>Số CCCD / mã số</source>
      <translation>ID card / registration no.</translation>
    </message>
    <message>
      <location filename="../intake.py" line="165" />
      <source>Địa chỉ</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../intake.py" line="166" />
      <source>Điện thoại</source>
      <translation>Phone</translation>
    </message>
    <message>
      <location filename="../intake.py" line="167" />
      <source>Thư điện tử</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <location filename="../intake.py" line="169" />
      <source>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hoá</source>
      <translation>3. Components: tick the paper received and digitise it</translation>
    </message>
    <message>
      <location filename="../intake.py" line="171" />
      <source>4. Phí, lệ phí và nhận kết quả</source>
      <translation>4. Fees and result delivery</translation>
    </message>
    <message>
      <location filename="../intake.py" line="173" />
      <source>Nội dung yêu cầu</source>
      <translation>Request</translation>
    </message>
    <message>
      <location filename="../intake.py" line="174" />
      <source>Phí, lệ phí</source>
      <translation>Fees</translation>
    </message>
    <message>
      <location filename="../intake.py" line="175" />
      <source>Nhận kết quả</source>
      <translation>Result delivery</translation>
    </message>
    <message>
      <location filename="../intake.py" line="176" />
      <source>Địa chỉ nhận</source>
      <translation>Delivery address</translation>
    </message>
    <message>
      <location filename="../intake.py" line="238" />
      <source>Quét</source>
      <translation>Scan</translation>
    </message>
    <message>
      <location filename="../intake.py" line="240" />
      <source>Chọn tệp…</source>
      <translation>Choose files…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="263" />
      <source>Chọn tệp đã quét</source>
      <translation>Choose scanned files</translation>
    </message>
    <message>
      <location filename="../intake.py" line="285" />
      <source>Đang số hoá…</source>
      <translation>Digitising…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="308" />
      <source>Số hoá: </source>
      <translation>Digitising: </translation>
    </message>
    <message>
      <location filename="../intake.py" line="315" />
      <source>chưa số hoá</source>
      <translation>not digitised</translation>
    </message>
  </context>
  <context>
    <name>LockDialog</name>
    <message>
      <location filename="../login.py" line="144" />
      <source>Đã khoá màn hình</source>
      <translation>Screen locked</translation>
    </message>
    <message>
      <location filename="../login.py" line="153" />
      <source>Mở khoá</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <location filename="../login.py" line="156" />
      <source>Đổi cán bộ</source>
      <translation>Switch officer</translation>
    </message>
    <message>
      <location filename="../login.py" line="163" />
      <source>Màn hình đã khoá để bảo vệ hồ sơ. Cán bộ: </source>
      <translation>Locked to protect the dossiers. Officer: </translation>
    </message>
    <message>
      <location filename="../login.py" line="176" />
      <source>Mật khẩu không đúng</source>
      <translation>Wrong password</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <location filename="../login.py" line="37" />
      <source>Đăng nhập — Bộ phận một cửa</source>
      <translation>Log in — one-stop desk</translation>
    </message>
    <message>
      <location filename="../login.py" line="57" />
      <source>Đăng nhập</source>
      <translation>Log in</translation>
    </message>
    <message>
      <location filename="../login.py" line="62" />
      <source>Tên đăng nhập</source>
      <translation>Username</translation>
    </message>
    <message>
      <location filename="../login.py" line="64" />
      <source>Mật khẩu</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../login.py" line="66" />
      <source>dữ liệu trên máy này (chưa kết nối Cổng)</source>
      <translation>this computer's data (no portal)</translation>
    </message>
    <message>
      <location filename="../login.py" line="67" />
      <location filename="../login.py" line="87" />
      <source>Cổng dịch vụ công: </source>
      <translation>Portal: </translation>
    </message>
    <message>
      <location filename="../login.py" line="73" />
      <source>Cài đặt…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <location filename="../login.py" line="97" />
      <source>Hãy nhập tên đăng nhập và mật khẩu</source>
      <translation>Enter your username and password</translation>
    </message>
    <message>
      <location filename="../login.py" line="100" />
      <source>Đang đăng nhập…</source>
      <translation>Logging in…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="88" />
      <source>Mở lại hồ sơ giấy đang nhập dở</source>
      <translation>Reopen the unfinished paper intake</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="130" />
      <source>Công cụ</source>
      <translation>Tools</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="147" />
      <source>Đồng bộ</source>
      <translation>Sync</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="148" />
      <location filename="../main_window.py" line="289" />
      <source>Báo cáo</source>
      <translation>Reports</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="149" />
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="150" />
      <source>Khoá</source>
      <translation>Lock</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="151" />
      <source>Đổi cán bộ</source>
      <translation>Switch officer</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="217" />
      <source>Một cửa</source>
      <translation>One-stop desk</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="284" />
      <source>Báo cáo: chức năng này chưa sẵn sàng trên máy này</source>
      <translation>Reports: not available here</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="317" />
      <source>Đã lưu cài đặt</source>
      <translation>Settings saved</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="368" />
      <source>Đồng bộ với Cổng dịch vụ công</source>
      <translation>Syncing with the portal</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="417" />
      <source>Có hồ sơ trực tuyến mới: </source>
      <translation>New online dossier: </translation>
    </message>
  </context>
  <context>
    <name>PrintingMixin</name>
    <message>
      <location filename="../printing_jobs.py" line="77" />
      <source>Đang in…</source>
      <translation>Printing…</translation>
    </message>
  </context>
  <context>
    <name>SearchBox</name>
    <message>
      <location filename="../search.py" line="35" />
      <source>Tìm hồ sơ: mã, tên, số giấy tờ, thủ tục… (Ctrl+F)</source>
      <translation>Find a dossier: code, name, ID, procedure… (Ctrl+F)</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../settings.py" line="131" />
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../settings.py" line="150" />
      <source>phút</source>
      <translation>minutes</translation>
    </message>
    <message>
      <location filename="../settings.py" line="153" />
      <source>Tự khoá khi không dùng sau</source>
      <translation>Lock when idle for</translation>
    </message>
    <message>
      <location filename="../settings.py" line="159" />
      <source>Ngôn ngữ</source>
      <translation>Language</translation>
    </message>
    <message>
      <location filename="../settings.py" line="160" />
      <source>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</source>
      <translation>A new language fully applies after a restart</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>Một cửa</source>
      <translation>One-stop desk</translation>
    </message>
    <message>
      <source>Chuyên viên</source>
      <translation>Specialist</translation>
    </message>
    <message>
      <source>Lãnh đạo</source>
      <translation>Leader</translation>
    </message>
    <message>
      <source>Văn thư</source>
      <translation>Clerk</translation>
    </message>
    <message>
      <source>Tiếp nhận và xử lý</source>
      <translation>Receive and process</translation>
    </message>
    <message>
      <source>Tiếp nhận hồ sơ giấy</source>
      <translation>Paper intake</translation>
    </message>
    <message>
      <source>Giao bưu chính các hồ sơ đã chọn</source>
      <translation>Hand the selected to the post</translation>
    </message>
    <message>
      <source>Ký duyệt các hồ sơ đã chọn</source>
      <translation>Approve and sign the selected</translation>
    </message>
    <message>
      <source>Đóng dấu, vào sổ các hồ sơ đã chọn</source>
      <translation>Seal and register the selected</translation>
    </message>
  </context>
  <context>
    <name>WorkList</name>
    <message>
      <source>Chờ tiếp nhận</source>
      <translation>Awaiting receipt</translation>
    </message>
    <message>
      <source>Đã tiếp nhận, chờ chuyển</source>
      <translation>Received, to forward</translation>
    </message>
    <message>
      <source>Chờ bổ sung</source>
      <translation>Awaiting supplement</translation>
    </message>
    <message>
      <source>Trả kết quả</source>
      <translation>Results to return</translation>
    </message>
    <message>
      <source>Đang xử lý</source>
      <translation>In process</translation>
    </message>
    <message>
      <source>Được giao xử lý</source>
      <translation>Assigned to me</translation>
    </message>
    <message>
      <source>Đã trình lãnh đạo</source>
      <translation>Submitted to the leader</translation>
    </message>
    <message>
      <source>Chờ phê duyệt</source>
      <translation>Awaiting approval</translation>
    </message>
    <message>
      <source>Đã ký, chờ văn thư</source>
      <translation>Signed, with the clerk</translation>
    </message>
    <message>
      <source>Chờ đóng dấu, vào sổ</source>
      <translation>Awaiting seal and number</translation>
    </message>
  </context>
  <context>
    <name>DossierListModel</name>
    <message>
      <source>Mã hồ sơ</source>
      <translation>Dossier code</translation>
    </message>
    <message>
      <source>Người nộp</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>Thủ tục</source>
      <translation>Procedure</translation>
    </message>
    <message>
      <source>Hạn</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>Còn lại</source>
      <translation>Time left</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Hình thức</source>
      <translation>Channel</translation>
    </message>
  </context>
  <context>
    <name>Action</name>
    <message>
      <source>Đăng ký hồ sơ</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>Tiếp nhận</source>
      <translation>Receive</translation>
    </message>
    <message>
      <source>Từ chối tiếp nhận</source>
      <translation>Refuse</translation>
    </message>
    <message>
      <source>Yêu cầu bổ sung</source>
      <translation>Request supplement</translation>
    </message>
    <message>
      <source>Nhận hồ sơ bổ sung</source>
      <translation>Supplement received</translation>
    </message>
    <message>
      <source>Chuyển xử lý</source>
      <translation>Assign</translation>
    </message>
    <message>
      <source>Yêu cầu nghĩa vụ tài chính</source>
      <translation>Request fees</translation>
    </message>
    <message>
      <source>Đã nộp phí, lệ phí</source>
      <translation>Fees paid</translation>
    </message>
    <message>
      <source>Trình lãnh đạo</source>
      <translation>Submit to leader</translation>
    </message>
    <message>
      <source>Phê duyệt, ký</source>
      <translation>Approve and sign</translation>
    </message>
    <message>
      <source>Trả lại chuyên viên</source>
      <translation>Send back</translation>
    </message>
    <message>
      <source>Đóng dấu, vào sổ</source>
      <translation>Seal and register</translation>
    </message>
    <message>
      <source>Trả kết quả tại quầy</source>
      <translation>Return at counter</translation>
    </message>
    <message>
      <source>Giao bưu chính</source>
      <translation>Hand to post</translation>
    </message>
    <message>
      <source>Rút hồ sơ</source>
      <translation>Withdraw</translation>
    </message>
    <message>
      <source>Dừng xử lý</source>
      <translation>Stop processing</translation>
    </message>
    <message>
      <source>Thư xin lỗi, hẹn lại</source>
      <translation>Apology, new date</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>&amp;Yes</source>
      <translation>&amp;Yes</translation>
    </message>
    <message>
      <source>&amp;No</source>
      <translation>&amp;No</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>Apply</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>Discard</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Help</translation>
    </message>
  </context>
</TS>
<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
  <context>
    <name>AccessLogDialog</name>
    <message>
      <location filename="../access_log_view.py" line="52" />
      <source>Nhật ký truy cập hồ sơ</source>
      <translation>Dossier access log</translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="57" />
      <source>Lọc theo mã hồ sơ hoặc tên đăng nhập cán bộ</source>
      <translation>Filter by dossier code or officer's username</translation>
    </message>
    <message numerus="yes">
      <location filename="../access_log_view.py" line="100" />
      <source>%n lượt mở hồ sơ</source>
      <translation type="unfinished">
        <numerusform />
        <numerusform />
      </translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="101" />
      <source>Chưa có lượt mở hồ sơ nào.</source>
      <translation>No dossier has been opened yet.</translation>
    </message>
  </context>
  <context>
    <name>DoctorPage</name>
    <message>
      <location filename="../doctor_page.py" line="42" />
      <source>Chưa kiểm tra.</source>
      <translation>Not checked yet.</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="45" />
      <source>Kiểm tra lại</source>
      <translation>Check again</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Mục</source>
      <translation>Item</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Kết quả</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="79" />
      <source>Đang kiểm tra máy…</source>
      <translation>Checking this computer…</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="104" />
      <source>Không kiểm tra được: </source>
      <translation>Could not check: </translation>
    </message>
  </context>
  <context>
    <name>DossierView</name>
    <message>
      <location filename="../dossier_view.py" line="87" />
      <location filename="../dossier_view.py" line="194" />
      <source>Chọn một hồ sơ trong danh sách để xem</source>
      <translation>Select a dossier in the list</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="147" />
      <source>Hồ sơ</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="148" />
      <source>Thành phần</source>
      <translation>Components</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="149" />
      <source>Quá trình xử lý</source>
      <translation>Processing log</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="150" />
      <source>Thủ tục</source>
      <translation>Procedure</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="152" />
      <source>Liên thông</source>
      <translation>Inter-agency</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="467" />
      <source>Cần ghi rõ lý do</source>
      <translation>A reason is required</translation>
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
      <location filename="../intake.py" line="105" />
      <source>Tạo tài khoản Cổng dịch vụ công cho người nộp</source>
      <translation>Create a portal account for the applicant</translation>
    </message>
    <message>
      <location filename="../intake.py" line="129" />
      <source>Địa chỉ nhận kết quả qua bưu chính</source>
      <translation>Address for delivery by post</translation>
    </message>
    <message>
      <location filename="../intake.py" line="136" />
      <source>Tiếp nhận và in giấy tiếp nhận (Ctrl+Enter)</source>
      <translation>Receive and print the receipt (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../intake.py" line="141" />
      <source>Để sau</source>
      <translation>Later</translation>
    </message>
    <message>
      <location filename="../intake.py" line="149" />
      <source>Đóng hồ sơ đang nhập? Bản nháp được giữ lại để mở tiếp.</source>
      <translation>Close the dossier being entered? The draft is kept to reopen.</translation>
    </message>
    <message>
      <location filename="../intake.py" line="151" />
      <source>Tiếp tục nhập</source>
      <translation>Continue entering</translation>
    </message>
    <message>
      <location filename="../intake.py" line="154" />
      <source>Đóng, giữ bản nháp</source>
      <translation>Close, keep the draft</translation>
    </message>
    <message>
      <location filename="../intake.py" line="157" />
      <source>Bỏ hồ sơ này</source>
      <translation>Discard this dossier</translation>
    </message>
    <message>
      <location filename="../intake.py" line="182" />
      <source>1. Thủ tục</source>
      <translation>1. Procedure</translation>
    </message>
    <message>
      <location filename="../intake.py" line="187" />
      <source>2. Người nộp hồ sơ</source>
      <translation>2. Applicant</translation>
    </message>
    <message>
      <location filename="../intake.py" line="189" />
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <location filename="../intake.py" line="190" />
      <source>Họ tên / Tên tổ chức</source>
      <translation>Full name / organisation</translation>
    </message>
    <message>
      <location filename="../intake.py" line="191" />
      <source>Số CCCD / mã số</source>
      <translation>ID card / registration no.</translation>
    </message>
    <message>
      <location filename="../intake.py" line="192" />
      <source>Địa chỉ</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../intake.py" line="193" />
      <source>Điện thoại</source>
      <translation>Phone</translation>
    </message>
    <message>
      <location filename="../intake.py" line="194" />
      <source>Thư điện tử</source>
      <translation>E-mail</translation>
    </message>
    <message>
      <location filename="../intake.py" line="196" />
      <source>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hóa (F9: quét thành phần kế tiếp)</source>
      <translation>3. Components: tick the paper received and digitise it (F9: scan the next one)</translation>
    </message>
    <message>
      <location filename="../intake.py" line="396" />
      <source>Đang số hóa…</source>
      <translation>Digitising…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="419" />
      <source>Số hóa: </source>
      <translation>Digitising: </translation>
    </message>
    <message>
      <location filename="../intake.py" line="426" />
      <source>chưa số hóa</source>
      <translation>not digitised</translation>
    </message>
    <message>
      <location filename="../intake.py" line="199" />
      <source>4. Phí, lệ phí và nhận kết quả</source>
      <translation>4. Fees and result delivery</translation>
    </message>
    <message>
      <location filename="../intake.py" line="201" />
      <source>Nội dung yêu cầu</source>
      <translation>Request</translation>
    </message>
    <message>
      <location filename="../intake.py" line="202" />
      <source>Phí, lệ phí</source>
      <translation>Fees</translation>
    </message>
    <message>
      <location filename="../intake.py" line="203" />
      <source>Nhận kết quả</source>
      <translation>Result delivery</translation>
    </message>
    <message>
      <location filename="../intake.py" line="204" />
      <source>Địa chỉ nhận</source>
      <translation>Delivery address</translation>
    </message>
    <message>
      <location filename="../intake.py" line="344" />
      <source>Quét</source>
      <translation>Scan</translation>
    </message>
    <message>
      <location filename="../intake.py" line="346" />
      <source>Chọn tệp…</source>
      <translation>Choose files…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="369" />
      <source>Chọn tệp đã quét</source>
      <translation>Choose scanned files</translation>
    </message>
  </context>
  <context>
    <name>LockPage</name>
    <message>
      <location filename="../login.py" line="151" />
      <source>Màn hình đã khóa</source>
      <translation>Screen locked</translation>
    </message>
    <message>
      <location filename="../login.py" line="161" />
      <source>Mật khẩu của cán bộ</source>
      <translation>Officer's password</translation>
    </message>
    <message>
      <location filename="../login.py" line="165" />
      <source>Mở khóa</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <location filename="../login.py" line="169" />
      <source>Đổi cán bộ</source>
      <translation>Switch officer</translation>
    </message>
    <message>
      <location filename="../login.py" line="183" />
      <source>Hồ sơ được che để bảo vệ thông tin của người dân. Nhập mật khẩu để làm tiếp.</source>
      <translation>Dossiers are hidden to protect citizens' data. Enter your password to go on.</translation>
    </message>
    <message>
      <location filename="../login.py" line="200" />
      <source>Cán bộ: </source>
      <translation>Officer: </translation>
    </message>
    <message>
      <location filename="../login.py" line="212" />
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
      <location filename="../login.py" line="63" />
      <source>Tên đăng nhập</source>
      <translation>Username</translation>
    </message>
    <message>
      <location filename="../login.py" line="65" />
      <source>Mật khẩu</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../login.py" line="67" />
      <source>dữ liệu trên máy này (chưa kết nối Cổng)</source>
      <translation>this computer's data (no portal)</translation>
    </message>
    <message>
      <location filename="../login.py" line="68" />
      <location filename="../login.py" line="88" />
      <source>Cổng dịch vụ công: </source>
      <translation>Portal: </translation>
    </message>
    <message>
      <location filename="../login.py" line="74" />
      <source>Cài đặt…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <location filename="../login.py" line="98" />
      <source>Hãy nhập tên đăng nhập và mật khẩu</source>
      <translation>Enter your username and password</translation>
    </message>
    <message>
      <location filename="../login.py" line="101" />
      <source>Đang đăng nhập…</source>
      <translation>Logging in…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="97" />
      <source>Mở lại hồ sơ giấy đang nhập dở</source>
      <translation>Reopen the unfinished paper intake</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="106" />
      <source>Đã xem</source>
      <translation>Viewed</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="163" />
      <source>Công cụ</source>
      <translation>Tools</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="181" />
      <source>Đồng bộ</source>
      <translation>Sync</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="182" />
      <location filename="../main_window.py" line="405" />
      <source>Báo cáo</source>
      <translation>Reports</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="183" />
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="184" />
      <source>Khóa</source>
      <translation>Lock</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="185" />
      <source>Đổi cán bộ</source>
      <translation>Switch officer</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="200" />
      <source>Hồ sơ kế tiếp</source>
      <translation>Next dossier</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="304" />
      <source>Một cửa</source>
      <translation>One-stop desk</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="398" />
      <source>Báo cáo: chức năng này chưa sẵn sàng trên máy này</source>
      <translation>Reports: not available here</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="433" />
      <source>Đã lưu cài đặt</source>
      <translation>Settings saved</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="493" />
      <source>Một cửa — đã khóa</source>
      <translation>One-stop desk — locked</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="542" />
      <source>Đồng bộ với Cổng dịch vụ công</source>
      <translation>Syncing with the portal</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="616" />
      <source>Có hồ sơ trực tuyến mới: </source>
      <translation>New online dossier: </translation>
    </message>
  </context>
  <context>
    <name>PrintingMixin</name>
    <message>
      <location filename="../printing_jobs.py" line="94" />
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
      <location filename="../settings.py" line="147" />
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../settings.py" line="171" />
      <source>phút</source>
      <translation>minutes</translation>
    </message>
    <message>
      <location filename="../settings.py" line="174" />
      <source>Tự khóa khi không dùng sau</source>
      <translation>Lock when idle for</translation>
    </message>
    <message>
      <location filename="../settings.py" line="186" />
      <source>Hủy</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../settings.py" line="208" />
      <source>Đang tìm trên máy…</source>
      <translation>Searching this computer…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="210" />
      <source>Thử</source>
      <translation>Test</translation>
    </message>
    <message>
      <location filename="../settings.py" line="237" />
      <source>Có trên máy này…</source>
      <translation>Found on this computer…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="238" />
      <source>Không tìm thấy trên máy này</source>
      <translation>Not found on this computer</translation>
    </message>
    <message>
      <location filename="../settings.py" line="256" />
      <source>Đang thử…</source>
      <translation>Testing…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="180" />
      <source>Ngôn ngữ</source>
      <translation>Language</translation>
    </message>
    <message>
      <location filename="../settings.py" line="181" />
      <source>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</source>
      <translation>A new language fully applies after a restart</translation>
    </message>
  </context>
  <context>
    <name>UpdateChecker</name>
    <message>
      <location filename="../updates.py" line="105" />
      <source>Bản cập nhật mới</source>
      <translation>New update</translation>
    </message>
    <message>
      <location filename="../updates.py" line="107" />
      <source>Đã tải và kiểm tra chữ ký bản cập nhật {0}. Cài đặt khi khởi động lại phần mềm?</source>
      <translation>Update {0} downloaded, its signature checked. Install it at the next restart?</translation>
    </message>
    <message>
      <location filename="../updates.py" line="109" />
      <source>Để sau</source>
      <translation>Later</translation>
    </message>
    <message>
      <location filename="../updates.py" line="110" />
      <source>Cài đặt khi khởi động lại</source>
      <translation>Install at restart</translation>
    </message>
    <message>
      <location filename="../updates.py" line="122" />
      <source>Không cài bản cập nhật</source>
      <translation>Do not install the update</translation>
    </message>
  </context>
  <context>
    <name>dialog</name>
    <message>
      <location filename="../doctor_page.py" line="117" />
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="119" />
      <source>Kiểm tra máy</source>
      <translation>Check this computer</translation>
    </message>
  </context>
  <context>
    <name>window</name>
    <message>
      <location filename="../access_log_view.py" line="106" />
      <source>Nhật ký truy cập</source>
      <translation>Access log</translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="109" />
      <source>Ai đã mở hồ sơ nào, lúc nào (Ctrl+Shift+A)</source>
      <translation>Who opened which dossier, and when (Ctrl+Shift+A)</translation>
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
    <message>
      <source>Liên thông</source>
      <translation>Inter-agency</translation>
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
    <message>
      <source>Đã chuyển đơn vị khác</source>
      <translation>Sent to other units</translation>
    </message>
    <message>
      <source>Nhận từ đơn vị khác</source>
      <translation>Received from other units</translation>
    </message>
    <message>
      <source>Kết quả chuyển về để trả</source>
      <translation>Results back for return</translation>
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
    <message>
      <source>Chuyển đơn vị khác (liên thông)</source>
      <translation>Transfer to another unit (inter-agency)</translation>
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
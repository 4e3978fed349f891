<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="vi">
  <context>
    <name>AccessLogDialog</name>
    <message>
      <location filename="../access_log_view.py" line="52" />
      <source>Nhật ký truy cập hồ sơ</source>
      <translation>Nhật ký truy cập hồ sơ</translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="57" />
      <source>Lọc theo mã hồ sơ hoặc tên đăng nhập cán bộ</source>
      <translation>Lọc theo mã hồ sơ hoặc tên đăng nhập cán bộ</translation>
    </message>
    <message numerus="yes">
      <location filename="../access_log_view.py" line="100" />
      <source>%n lượt mở hồ sơ</source>
      <translation>
        <numerusform>%n lượt mở hồ sơ</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="101" />
      <source>Chưa có lượt mở hồ sơ nào.</source>
      <translation>Chưa có lượt mở hồ sơ nào.</translation>
    </message>
  </context>
  <context>
    <name>DoctorPage</name>
    <message>
      <location filename="../doctor_page.py" line="42" />
      <source>Chưa kiểm tra.</source>
      <translation>Chưa kiểm tra.</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="45" />
      <source>Kiểm tra lại</source>
      <translation>Kiểm tra lại</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Trạng thái</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Mục</source>
      <translation>Mục</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="48" />
      <source>Kết quả</source>
      <translation>Kết quả</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="79" />
      <source>Đang kiểm tra máy…</source>
      <translation>Đang kiểm tra máy…</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="104" />
      <source>Không kiểm tra được: </source>
      <translation>Không kiểm tra được: </translation>
    </message>
  </context>
  <context>
    <name>DossierView</name>
    <message>
      <location filename="../dossier_view.py" line="87" />
      <location filename="../dossier_view.py" line="194" />
      <source>Chọn một hồ sơ trong danh sách để xem</source>
      <translation>Chọn một hồ sơ trong danh sách để xem</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="147" />
      <source>Hồ sơ</source>
      <translation>Hồ sơ</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="148" />
      <source>Thành phần</source>
      <translation>Thành phần</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="149" />
      <source>Quá trình xử lý</source>
      <translation>Quá trình xử lý</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="150" />
      <source>Thủ tục</source>
      <translation>Thủ tục</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="152" />
      <source>Liên thông</source>
      <translation>Liên thông</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="467" />
      <source>Cần ghi rõ lý do</source>
      <translation>Cần ghi rõ lý do</translation>
    </message>
  </context>
  <context>
    <name>IntakeDialog</name>
    <message>
      <location filename="../intake.py" line="77" />
      <source>Tiếp nhận hồ sơ giấy</source>
      <translation>Tiếp nhận hồ sơ giấy</translation>
    </message>
    <message>
      <location filename="../intake.py" line="85" />
      <source>Gõ tên hoặc mã thủ tục, không cần dấu</source>
      <translation>Gõ tên hoặc mã thủ tục, không cần dấu</translation>
    </message>
    <message>
      <location filename="../intake.py" line="105" />
      <source>Tạo tài khoản Cổng dịch vụ công cho người nộp</source>
      <translation>Tạo tài khoản Cổng dịch vụ công cho người nộp</translation>
    </message>
    <message>
      <location filename="../intake.py" line="129" />
      <source>Địa chỉ nhận kết quả qua bưu chính</source>
      <translation>Địa chỉ nhận kết quả qua bưu chính</translation>
    </message>
    <message>
      <location filename="../intake.py" line="136" />
      <source>Tiếp nhận và in giấy tiếp nhận (Ctrl+Enter)</source>
      <translation>Tiếp nhận và in giấy tiếp nhận (Ctrl+Enter)</translation>
    </message>
    <message>
      <location filename="../intake.py" line="141" />
      <source>Để sau</source>
      <translation>Để sau</translation>
    </message>
    <message>
      <location filename="../intake.py" line="149" />
      <source>Đóng hồ sơ đang nhập? Bản nháp được giữ lại để mở tiếp.</source>
      <translation>Đóng hồ sơ đang nhập? Bản nháp được giữ lại để mở tiếp.</translation>
    </message>
    <message>
      <location filename="../intake.py" line="151" />
      <source>Tiếp tục nhập</source>
      <translation>Tiếp tục nhập</translation>
    </message>
    <message>
      <location filename="../intake.py" line="154" />
      <source>Đóng, giữ bản nháp</source>
      <translation>Đóng, giữ bản nháp</translation>
    </message>
    <message>
      <location filename="../intake.py" line="157" />
      <source>Bỏ hồ sơ này</source>
      <translation>Bỏ hồ sơ này</translation>
    </message>
    <message>
      <location filename="../intake.py" line="182" />
      <source>1. Thủ tục</source>
      <translation>1. Thủ tục</translation>
    </message>
    <message>
      <location filename="../intake.py" line="187" />
      <source>2. Người nộp hồ sơ</source>
      <translation>2. Người nộp hồ sơ</translation>
    </message>
    <message>
      <location filename="../intake.py" line="189" />
      <source>Loại</source>
      <translation>Loại</translation>
    </message>
    <message>
      <location filename="../intake.py" line="190" />
      <source>Họ tên / Tên tổ chức</source>
      <translation>Họ tên / Tên tổ chức</translation>
    </message>
    <message>
      <location filename="../intake.py" line="191" />
      <source>Số CCCD / mã số</source>
      <translation>Số CCCD / mã số</translation>
    </message>
    <message>
      <location filename="../intake.py" line="192" />
      <source>Địa chỉ</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <location filename="../intake.py" line="193" />
      <source>Điện thoại</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <location filename="../intake.py" line="194" />
      <source>Thư điện tử</source>
      <translation>Thư điện tử</translation>
    </message>
    <message>
      <location filename="../intake.py" line="196" />
      <source>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hóa (F9: quét thành phần kế tiếp)</source>
      <translation>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hóa (F9: quét thành phần kế tiếp)</translation>
    </message>
    <message>
      <location filename="../intake.py" line="396" />
      <source>Đang số hóa…</source>
      <translation>Đang số hóa…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="419" />
      <source>Số hóa: </source>
      <translation>Số hóa: </translation>
    </message>
    <message>
      <location filename="../intake.py" line="426" />
      <source>chưa số hóa</source>
      <translation>chưa số hóa</translation>
    </message>
    <message>
      <location filename="../intake.py" line="199" />
      <source>4. Phí, lệ phí và nhận kết quả</source>
      <translation>4. Phí, lệ phí và nhận kết quả</translation>
    </message>
    <message>
      <location filename="../intake.py" line="201" />
      <source>Nội dung yêu cầu</source>
      <translation>Nội dung yêu cầu</translation>
    </message>
    <message>
      <location filename="../intake.py" line="202" />
      <source>Phí, lệ phí</source>
      <translation>Phí, lệ phí</translation>
    </message>
    <message>
      <location filename="../intake.py" line="203" />
      <source>Nhận kết quả</source>
      <translation>Nhận kết quả</translation>
    </message>
    <message>
      <location filename="../intake.py" line="204" />
      <source>Địa chỉ nhận</source>
      <translation>Địa chỉ nhận</translation>
    </message>
    <message>
      <location filename="../intake.py" line="344" />
      <source>Quét</source>
      <translation>Quét</translation>
    </message>
    <message>
      <location filename="../intake.py" line="346" />
      <source>Chọn tệp…</source>
      <translation>Chọn tệp…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="369" />
      <source>Chọn tệp đã quét</source>
      <translation>Chọn tệp đã quét</translation>
    </message>
  </context>
  <context>
    <name>LockPage</name>
    <message>
      <location filename="../login.py" line="151" />
      <source>Màn hình đã khóa</source>
      <translation>Màn hình đã khóa</translation>
    </message>
    <message>
      <location filename="../login.py" line="161" />
      <source>Mật khẩu của cán bộ</source>
      <translation>Mật khẩu của cán bộ</translation>
    </message>
    <message>
      <location filename="../login.py" line="165" />
      <source>Mở khóa</source>
      <translation>Mở khóa</translation>
    </message>
    <message>
      <location filename="../login.py" line="169" />
      <source>Đổi cán bộ</source>
      <translation>Đổi cán bộ</translation>
    </message>
    <message>
      <location filename="../login.py" line="183" />
      <source>Hồ sơ được che để bảo vệ thông tin của người dân. Nhập mật khẩu để làm tiếp.</source>
      <translation>Hồ sơ được che để bảo vệ thông tin của người dân. Nhập mật khẩu để làm tiếp.</translation>
    </message>
    <message>
      <location filename="../login.py" line="200" />
      <source>Cán bộ: </source>
      <translation>Cán bộ: </translation>
    </message>
    <message>
      <location filename="../login.py" line="212" />
      <source>Mật khẩu không đúng</source>
      <translation>Mật khẩu không đúng</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <location filename="../login.py" line="37" />
      <source>Đăng nhập — Bộ phận một cửa</source>
      <translation>Đăng nhập — Bộ phận một cửa</translation>
    </message>
    <message>
      <location filename="../login.py" line="57" />
      <source>Đăng nhập</source>
      <translation>Đăng nhập</translation>
    </message>
    <message>
      <location filename="../login.py" line="63" />
      <source>Tên đăng nhập</source>
      <translation>Tên đăng nhập</translation>
    </message>
    <message>
      <location filename="../login.py" line="65" />
      <source>Mật khẩu</source>
      <translation>Mật khẩu</translation>
    </message>
    <message>
      <location filename="../login.py" line="67" />
      <source>dữ liệu trên máy này (chưa kết nối Cổng)</source>
      <translation>dữ liệu trên máy này (chưa kết nối Cổng)</translation>
    </message>
    <message>
      <location filename="../login.py" line="68" />
      <location filename="../login.py" line="88" />
      <source>Cổng dịch vụ công: </source>
      <translation>Cổng dịch vụ công: </translation>
    </message>
    <message>
      <location filename="../login.py" line="74" />
      <source>Cài đặt…</source>
      <translation>Cài đặt…</translation>
    </message>
    <message>
      <location filename="../login.py" line="98" />
      <source>Hãy nhập tên đăng nhập và mật khẩu</source>
      <translation>Hãy nhập tên đăng nhập và mật khẩu</translation>
    </message>
    <message>
      <location filename="../login.py" line="101" />
      <source>Đang đăng nhập…</source>
      <translation>Đang đăng nhập…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="97" />
      <source>Mở lại hồ sơ giấy đang nhập dở</source>
      <translation>Mở lại hồ sơ giấy đang nhập dở</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="106" />
      <source>Đã xem</source>
      <translation>Đã xem</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="163" />
      <source>Công cụ</source>
      <translation>Công cụ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="181" />
      <source>Đồng bộ</source>
      <translation>Đồng bộ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="182" />
      <location filename="../main_window.py" line="405" />
      <source>Báo cáo</source>
      <translation>Báo cáo</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="183" />
      <source>Cài đặt</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="184" />
      <source>Khóa</source>
      <translation>Khóa</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="185" />
      <source>Đổi cán bộ</source>
      <translation>Đổi cán bộ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="200" />
      <source>Hồ sơ kế tiếp</source>
      <translation>Hồ sơ kế tiếp</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="304" />
      <source>Một cửa</source>
      <translation>Một cửa</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="398" />
      <source>Báo cáo: chức năng này chưa sẵn sàng trên máy này</source>
      <translation>Báo cáo: chức năng này chưa sẵn sàng trên máy này</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="433" />
      <source>Đã lưu cài đặt</source>
      <translation>Đã lưu cài đặt</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="493" />
      <source>Một cửa — đã khóa</source>
      <translation>Một cửa — đã khóa</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="542" />
      <source>Đồng bộ với Cổng dịch vụ công</source>
      <translation>Đồng bộ với Cổng dịch vụ công</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="616" />
      <source>Có hồ sơ trực tuyến mới: </source>
      <translation>Có hồ sơ trực tuyến mới: </translation>
    </message>
  </context>
  <context>
    <name>PrintingMixin</name>
    <message>
      <location filename="../printing_jobs.py" line="94" />
      <source>Đang in…</source>
      <translation>Đang in…</translation>
    </message>
  </context>
  <context>
    <name>SearchBox</name>
    <message>
      <location filename="../search.py" line="35" />
      <source>Tìm hồ sơ: mã, tên, số giấy tờ, thủ tục… (Ctrl+F)</source>
      <translation>Tìm hồ sơ: mã, tên, số giấy tờ, thủ tục… (Ctrl+F)</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../settings.py" line="147" />
      <source>Cài đặt</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="../settings.py" line="171" />
      <source>phút</source>
      <translation>phút</translation>
    </message>
    <message>
      <location filename="../settings.py" line="174" />
      <source>Tự khóa khi không dùng sau</source>
      <translation>Tự khóa khi không dùng sau</translation>
    </message>
    <message>
      <location filename="../settings.py" line="186" />
      <source>Hủy</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <location filename="../settings.py" line="208" />
      <source>Đang tìm trên máy…</source>
      <translation>Đang tìm trên máy…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="210" />
      <source>Thử</source>
      <translation>Thử</translation>
    </message>
    <message>
      <location filename="../settings.py" line="237" />
      <source>Có trên máy này…</source>
      <translation>Có trên máy này…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="238" />
      <source>Không tìm thấy trên máy này</source>
      <translation>Không tìm thấy trên máy này</translation>
    </message>
    <message>
      <location filename="../settings.py" line="256" />
      <source>Đang thử…</source>
      <translation>Đang thử…</translation>
    </message>
    <message>
      <location filename="../settings.py" line="180" />
      <source>Ngôn ngữ</source>
      <translation>Ngôn ngữ</translation>
    </message>
    <message>
      <location filename="../settings.py" line="181" />
      <source>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</source>
      <translation>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</translation>
    </message>
  </context>
  <context>
    <name>UpdateChecker</name>
    <message>
      <location filename="../updates.py" line="105" />
      <source>Bản cập nhật mới</source>
      <translation>Bản cập nhật mới</translation>
    </message>
    <message>
      <location filename="../updates.py" line="107" />
      <source>Đã tải và kiểm tra chữ ký bản cập nhật {0}. Cài đặt khi khởi động lại phần mềm?</source>
      <translation>Đã tải và kiểm tra chữ ký bản cập nhật {0}. Cài đặt khi khởi động lại phần mềm?</translation>
    </message>
    <message>
      <location filename="../updates.py" line="109" />
      <source>Để sau</source>
      <translation>Để sau</translation>
    </message>
    <message>
      <location filename="../updates.py" line="110" />
      <source>Cài đặt khi khởi động lại</source>
      <translation>Cài đặt khi khởi động lại</translation>
    </message>
    <message>
      <location filename="../updates.py" line="122" />
      <source>Không cài bản cập nhật</source>
      <translation>Không cài bản cập nhật</translation>
    </message>
  </context>
  <context>
    <name>dialog</name>
    <message>
      <location filename="../doctor_page.py" line="117" />
      <source>Cài đặt</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="../doctor_page.py" line="119" />
      <source>Kiểm tra máy</source>
      <translation>Kiểm tra máy</translation>
    </message>
  </context>
  <context>
    <name>window</name>
    <message>
      <location filename="../access_log_view.py" line="106" />
      <source>Nhật ký truy cập</source>
      <translation>Nhật ký truy cập</translation>
    </message>
    <message>
      <location filename="../access_log_view.py" line="109" />
      <source>Ai đã mở hồ sơ nào, lúc nào (Ctrl+Shift+A)</source>
      <translation>Ai đã mở hồ sơ nào, lúc nào (Ctrl+Shift+A)</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>Một cửa</source>
      <translation>Một cửa</translation>
    </message>
    <message>
      <source>Chuyên viên</source>
      <translation>Chuyên viên</translation>
    </message>
    <message>
      <source>Lãnh đạo</source>
      <translation>Lãnh đạo</translation>
    </message>
    <message>
      <source>Văn thư</source>
      <translation>Văn thư</translation>
    </message>
    <message>
      <source>Tiếp nhận và xử lý</source>
      <translation>Tiếp nhận và xử lý</translation>
    </message>
    <message>
      <source>Tiếp nhận hồ sơ giấy</source>
      <translation>Tiếp nhận hồ sơ giấy</translation>
    </message>
    <message>
      <source>Giao bưu chính các hồ sơ đã chọn</source>
      <translation>Giao bưu chính các hồ sơ đã chọn</translation>
    </message>
    <message>
      <source>Ký duyệt các hồ sơ đã chọn</source>
      <translation>Ký duyệt các hồ sơ đã chọn</translation>
    </message>
    <message>
      <source>Đóng dấu, vào sổ các hồ sơ đã chọn</source>
      <translation>Đóng dấu, vào sổ các hồ sơ đã chọn</translation>
    </message>
    <message>
      <source>Liên thông</source>
      <translation>Liên thông</translation>
    </message>
  </context>
  <context>
    <name>WorkList</name>
    <message>
      <source>Chờ tiếp nhận</source>
      <translation>Chờ tiếp nhận</translation>
    </message>
    <message>
      <source>Đã tiếp nhận, chờ chuyển</source>
      <translation>Đã tiếp nhận, chờ chuyển</translation>
    </message>
    <message>
      <source>Chờ bổ sung</source>
      <translation>Chờ bổ sung</translation>
    </message>
    <message>
      <source>Trả kết quả</source>
      <translation>Trả kết quả</translation>
    </message>
    <message>
      <source>Đang xử lý</source>
      <translation>Đang xử lý</translation>
    </message>
    <message>
      <source>Được giao xử lý</source>
      <translation>Được giao xử lý</translation>
    </message>
    <message>
      <source>Đã trình lãnh đạo</source>
      <translation>Đã trình lãnh đạo</translation>
    </message>
    <message>
      <source>Chờ phê duyệt</source>
      <translation>Chờ phê duyệt</translation>
    </message>
    <message>
      <source>Đã ký, chờ văn thư</source>
      <translation>Đã ký, chờ văn thư</translation>
    </message>
    <message>
      <source>Chờ đóng dấu, vào sổ</source>
      <translation>Chờ đóng dấu, vào sổ</translation>
    </message>
    <message>
      <source>Đã chuyển đơn vị khác</source>
      <translation>Đã chuyển đơn vị khác</translation>
    </message>
    <message>
      <source>Nhận từ đơn vị khác</source>
      <translation>Nhận từ đơn vị khác</translation>
    </message>
    <message>
      <source>Kết quả chuyển về để trả</source>
      <translation>Kết quả chuyển về để trả</translation>
    </message>
  </context>
  <context>
    <name>DossierListModel</name>
    <message>
      <source>Mã hồ sơ</source>
      <translation>Mã hồ sơ</translation>
    </message>
    <message>
      <source>Người nộp</source>
      <translation>Người nộp</translation>
    </message>
    <message>
      <source>Thủ tục</source>
      <translation>Thủ tục</translation>
    </message>
    <message>
      <source>Hạn</source>
      <translation>Hạn</translation>
    </message>
    <message>
      <source>Còn lại</source>
      <translation>Còn lại</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Trạng thái</translation>
    </message>
    <message>
      <source>Hình thức</source>
      <translation>Hình thức</translation>
    </message>
  </context>
  <context>
    <name>Action</name>
    <message>
      <source>Đăng ký hồ sơ</source>
      <translation>Đăng ký hồ sơ</translation>
    </message>
    <message>
      <source>Tiếp nhận</source>
      <translation>Tiếp nhận</translation>
    </message>
    <message>
      <source>Từ chối tiếp nhận</source>
      <translation>Từ chối tiếp nhận</translation>
    </message>
    <message>
      <source>Yêu cầu bổ sung</source>
      <translation>Yêu cầu bổ sung</translation>
    </message>
    <message>
      <source>Nhận hồ sơ bổ sung</source>
      <translation>Nhận hồ sơ bổ sung</translation>
    </message>
    <message>
      <source>Chuyển xử lý</source>
      <translation>Chuyển xử lý</translation>
    </message>
    <message>
      <source>Yêu cầu nghĩa vụ tài chính</source>
      <translation>Yêu cầu nghĩa vụ tài chính</translation>
    </message>
    <message>
      <source>Đã nộp phí, lệ phí</source>
      <translation>Đã nộp phí, lệ phí</translation>
    </message>
    <message>
      <source>Trình lãnh đạo</source>
      <translation>Trình lãnh đạo</translation>
    </message>
    <message>
      <source>Phê duyệt, ký</source>
      <translation>Phê duyệt, ký</translation>
    </message>
    <message>
      <source>Trả lại chuyên viên</source>
      <translation>Trả lại chuyên viên</translation>
    </message>
    <message>
      <source>Đóng dấu, vào sổ</source>
      <translation>Đóng dấu, vào sổ</translation>
    </message>
    <message>
      <source>Trả kết quả tại quầy</source>
      <translation>Trả kết quả tại quầy</translation>
    </message>
    <message>
      <source>Giao bưu chính</source>
      <translation>Giao bưu chính</translation>
    </message>
    <message>
      <source>Rút hồ sơ</source>
      <translation>Rút hồ sơ</translation>
    </message>
    <message>
      <source>Dừng xử lý</source>
      <translation>Dừng xử lý</translation>
    </message>
    <message>
      <source>Thư xin lỗi, hẹn lại</source>
      <translation>Thư xin lỗi, hẹn lại</translation>
    </message>
    <message>
      <source>Chuyển đơn vị khác (liên thông)</source>
      <translation>Chuyển đơn vị khác (liên thông)</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <source>&amp;Yes</source>
      <translation>&amp;Có</translation>
    </message>
    <message>
      <source>&amp;No</source>
      <translation>&amp;Không</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>Áp dụng</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>Bỏ</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Mở</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
  </context>
</TS>
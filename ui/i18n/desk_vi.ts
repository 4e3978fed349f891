<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="vi">
  <context>
    <name>DossierView</name>
    <message>
      <location filename="../dossier_view.py" line="75" />
      <source>Chọn một hồ sơ trong danh sách để xem</source>
      <translation>Chọn một hồ sơ trong danh sách để xem</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="100" />
      <source>Hồ sơ</source>
      <translation>Hồ sơ</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="101" />
      <source>Thành phần</source>
      <translation>Thành phần</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="102" />
      <source>Quá trình xử lý</source>
      <translation>Quá trình xử lý</translation>
    </message>
    <message>
      <location filename="../dossier_view.py" line="103" />
      <source>Thủ tục</source>
      <translation>Thủ tục</translation>
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
      <location filename="../intake.py" line="103" />
      <source>Tạo tài khoản Cổng dịch vụ công cho người nộp</source>
      <translation>Tạo tài khoản Cổng dịch vụ công cho người nộp</translation>
    </message>
    <message>
      <location filename="../intake.py" line="127" />
      <source>Địa chỉ nhận kết quả qua bưu chính</source>
      <translation>Địa chỉ nhận kết quả qua bưu chính</translation>
    </message>
    <message>
      <location filename="../intake.py" line="134" />
      <source>Tiếp nhận và in giấy biên nhận</source>
      <translation>Tiếp nhận và in giấy biên nhận</translation>
    </message>
    <message>
      <location filename="../intake.py" line="138" />
      <source>Để sau</source>
      <translation>Để sau</translation>
    </message>
    <message>
      <location filename="../intake.py" line="155" />
      <source>1. Thủ tục</source>
      <translation>1. Thủ tục</translation>
    </message>
    <message>
      <location filename="../intake.py" line="160" />
      <source>2. Người nộp hồ sơ</source>
      <translation>2. Người nộp hồ sơ</translation>
    </message>
    <message>
      <location filename="../intake.py" line="162" />
      <source>Loại</source>
      <translation>Loại</translation>
    </message>
    <message>
      <location filename="../intake.py" line="163" />
      <source>Họ tên / Tên tổ chức</source>
      <translation>Họ tên / Tên tổ chức</translation>
    </message>
    <message>
      <location filename="../intake.py" line="164" />
      <source>Số CCCD / mã số</source>
      <translation>Số CCCD / mã số</translation>
    </message>
    <message>
      <location filename="../intake.py" line="165" />
      <source>Địa chỉ</source>
      <translation>Địa chỉ</translation>
    </message>
    <message>
      <location filename="../intake.py" line="166" />
      <source>Điện thoại</source>
      <translation>Điện thoại</translation>
    </message>
    <message>
      <location filename="../intake.py" line="167" />
      <source>Thư điện tử</source>
      <translation>Thư điện tử</translation>
    </message>
    <message>
      <location filename="../intake.py" line="169" />
      <source>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hoá</source>
      <translation>3. Thành phần hồ sơ: đánh dấu bản giấy đã nhận và số hoá</translation>
    </message>
    <message>
      <location filename="../intake.py" line="171" />
      <source>4. Phí, lệ phí và nhận kết quả</source>
      <translation>4. Phí, lệ phí và nhận kết quả</translation>
    </message>
    <message>
      <location filename="../intake.py" line="173" />
      <source>Nội dung yêu cầu</source>
      <translation>Nội dung yêu cầu</translation>
    </message>
    <message>
      <location filename="../intake.py" line="174" />
      <source>Phí, lệ phí</source>
      <translation>Phí, lệ phí</translation>
    </message>
    <message>
      <location filename="../intake.py" line="175" />
      <source>Nhận kết quả</source>
      <translation>Nhận kết quả</translation>
    </message>
    <message>
      <location filename="../intake.py" line="176" />
      <source>Địa chỉ nhận</source>
      <translation>Địa chỉ nhận</translation>
    </message>
    <message>
      <location filename="../intake.py" line="238" />
      <source>Quét</source>
      <translation>Quét</translation>
    </message>
    <message>
      <location filename="../intake.py" line="240" />
      <source>Chọn tệp…</source>
      <translation>Chọn tệp…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="263" />
      <source>Chọn tệp đã quét</source>
      <translation>Chọn tệp đã quét</translation>
    </message>
    <message>
      <location filename="../intake.py" line="285" />
      <source>Đang số hoá…</source>
      <translation>Đang số hoá…</translation>
    </message>
    <message>
      <location filename="../intake.py" line="308" />
      <source>Số hoá: </source>
      <translation>Số hoá: </translation>
    </message>
    <message>
      <location filename="../intake.py" line="315" />
      <source>chưa số hoá</source>
      <translation>chưa số hoá</translation>
    </message>
  </context>
  <context>
    <name>LockDialog</name>
    <message>
      <location filename="../login.py" line="144" />
      <source>Đã khoá màn hình</source>
      <translation>Đã khoá màn hình</translation>
    </message>
    <message>
      <location filename="../login.py" line="153" />
      <source>Mở khoá</source>
      <translation>Mở khoá</translation>
    </message>
    <message>
      <location filename="../login.py" line="156" />
      <source>Đổi cán bộ</source>
      <translation>Đổi cán bộ</translation>
    </message>
    <message>
      <location filename="../login.py" line="163" />
      <source>Màn hình đã khoá để bảo vệ hồ sơ. Cán bộ: </source>
      <translation>Màn hình đã khoá để bảo vệ hồ sơ. Cán bộ: </translation>
    </message>
    <message>
      <location filename="../login.py" line="176" />
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
      <location filename="../login.py" line="62" />
      <source>Tên đăng nhập</source>
      <translation>Tên đăng nhập</translation>
    </message>
    <message>
      <location filename="../login.py" line="64" />
      <source>Mật khẩu</source>
      <translation>Mật khẩu</translation>
    </message>
    <message>
      <location filename="../login.py" line="66" />
      <source>dữ liệu trên máy này (chưa kết nối Cổng)</source>
      <translation>dữ liệu trên máy này (chưa kết nối Cổng)</translation>
    </message>
    <message>
      <location filename="../login.py" line="67" />
      <location filename="../login.py" line="87" />
      <source>Cổng dịch vụ công: </source>
      <translation>Cổng dịch vụ công: </translation>
    </message>
    <message>
      <location filename="../login.py" line="73" />
      <source>Cài đặt…</source>
      <translation>Cài đặt…</translation>
    </message>
    <message>
      <location filename="../login.py" line="97" />
      <source>Hãy nhập tên đăng nhập và mật khẩu</source>
      <translation>Hãy nhập tên đăng nhập và mật khẩu</translation>
    </message>
    <message>
      <location filename="../login.py" line="100" />
      <source>Đang đăng nhập…</source>
      <translation>Đang đăng nhập…</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="88" />
      <source>Mở lại hồ sơ giấy đang nhập dở</source>
      <translation>Mở lại hồ sơ giấy đang nhập dở</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="130" />
      <source>Công cụ</source>
      <translation>Công cụ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="147" />
      <source>Đồng bộ</source>
      <translation>Đồng bộ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="148" />
      <location filename="../main_window.py" line="289" />
      <source>Báo cáo</source>
      <translation>Báo cáo</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="149" />
      <source>Cài đặt</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="150" />
      <source>Khoá</source>
      <translation>Khoá</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="151" />
      <source>Đổi cán bộ</source>
      <translation>Đổi cán bộ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="217" />
      <source>Một cửa</source>
      <translation>Một cửa</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="284" />
      <source>Báo cáo: chức năng này chưa sẵn sàng trên máy này</source>
      <translation>Báo cáo: chức năng này chưa sẵn sàng trên máy này</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="317" />
      <source>Đã lưu cài đặt</source>
      <translation>Đã lưu cài đặt</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="368" />
      <source>Đồng bộ với Cổng dịch vụ công</source>
      <translation>Đồng bộ với Cổng dịch vụ công</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="417" />
      <source>Có hồ sơ trực tuyến mới: </source>
      <translation>Có hồ sơ trực tuyến mới: </translation>
    </message>
  </context>
  <context>
    <name>PrintingMixin</name>
    <message>
      <location filename="../printing_jobs.py" line="77" />
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
      <location filename="../settings.py" line="131" />
      <source>Cài đặt</source>
      <translation>Cài đặt</translation>
    </message>
    <message>
      <location filename="../settings.py" line="150" />
      <source>phút</source>
      <translation>phút</translation>
    </message>
    <message>
      <location filename="../settings.py" line="153" />
      <source>Tự khoá khi không dùng sau</source>
      <translation>Tự khoá khi không dùng sau</translation>
    </message>
    <message>
      <location filename="../settings.py" line="159" />
      <source>Ngôn ngữ</source>
      <translation>Ngôn ngữ</translation>
    </message>
    <message>
      <location filename="../settings.py" line="160" />
      <source>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</source>
      <translation>Ngôn ngữ mới áp dụng đầy đủ khi mở lại phần mềm</translation>
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
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Huỷ</translation>
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
; Inno Setup 6 script: packs dist\desk-app (PyInstaller one-folder, installer/desk-app.spec)
; into desk-app-setup-<version>.exe.
;
; THIS CANNOT RUN HERE: it needs Windows and Inno Setup. It is built by
; .github/workflows/windows-installer.yml on a windows-latest runner, never on the Linux
; machines that run the tests. Keep it in step with the Linux build (installer/build.sh):
; the same spec, the same version (from pyproject.toml, passed as /DAppVersion=…), the
; same rule that test tools are never bundled.
;
; The CAs' token drivers (VNPT-CA, Viettel-CA, BKAV-CA, …) are their own installers and
; are not bundled; the list of their PKCS#11 library names is generated from
; signing/modules.py (installer/windows/pkcs11_iss.py), the one list the application
; searches, and the last page says which of them this computer already has.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#include "..\..\build\pkcs11-modules.iss"

[Setup]
AppId={{6D0B4C53-9A8E-4F0E-9C7B-0D3E5B1A7C21}
AppName=Phần mềm Bộ phận một cửa
AppVersion={#AppVersion}
AppPublisher=Desk client developers
DefaultDirName={autopf}\DeskApp
DefaultGroupName=Bộ phận một cửa
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=desk-app-setup-{#AppVersion}
SetupIconFile=..\desk-app.ico
UninstallDisplayIcon={app}\desk-app.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\desk-app\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\Bộ phận một cửa"; Filename: "{app}\desk-app.exe"
Name: "{group}\Gỡ cài đặt Bộ phận một cửa"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Bộ phận một cửa"; Filename: "{app}\desk-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\desk-app.exe"; Description: "{cm:LaunchProgram,Bộ phận một cửa}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there; officers' data under %APPDATA% is theirs.
Type: filesandordirs; Name: "{app}"

[Code]
{ Which CAs' PKCS#11 libraries (token drivers) are installed in System32/SysWOW64. }
function FoundTokenDrivers(): String;
var
  Dlls, Vendors, Dll, Vendor: String;
  P, Q: Integer;
begin
  Result := '';
  Dlls := '{#Pkcs11Dlls}' + ';';
  Vendors := '{#Pkcs11Vendors}' + ';';
  while Length(Dlls) > 0 do
  begin
    P := Pos(';', Dlls);
    Q := Pos(';', Vendors);
    Dll := Copy(Dlls, 1, P - 1);
    Vendor := Copy(Vendors, 1, Q - 1);
    Delete(Dlls, 1, P);
    Delete(Vendors, 1, Q);
    if (Dll <> '') and (FileExists(ExpandConstant('{sys}\') + Dll) or
        FileExists(ExpandConstant('{syswow64}\') + Dll)) then
      if Pos(Vendor, Result) = 0 then
        Result := Result + #13#10 + '  • ' + Vendor + ' (' + Dll + ')';
  end;
end;

procedure CurPageChanged(CurPageID: Integer);
var
  Found: String;
begin
  if CurPageID = wpFinished then
  begin
    Found := FoundTokenDrivers();
    if Found = '' then
      WizardForm.FinishedLabel.Caption := WizardForm.FinishedLabel.Caption + #13#10#13#10 +
        'Chưa thấy trình điều khiển token ký số của CA nào trên máy này. ' +
        'Hãy cài phần mềm token do CA của đơn vị cung cấp (VNPT-CA, Viettel-CA, BKAV-CA…) ' +
        'trước khi ký số.'
    else
      WizardForm.FinishedLabel.Caption := WizardForm.FinishedLabel.Caption + #13#10#13#10 +
        'Trình điều khiển token đã có trên máy:' + Found;
  end;
end;

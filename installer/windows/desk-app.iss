; Inno Setup script: packs dist\desk-app (from PyInstaller) into an installer.
[Setup]
AppName=Phần mềm Bộ phận một cửa
AppVersion=0.1.0
DefaultDirName={autopf}\DeskApp
DefaultGroupName=Bộ phận một cửa
OutputBaseFilename=desk-app-setup
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"

[Files]
Source: "..\..\dist\desk-app\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\Bộ phận một cửa"; Filename: "{app}\desk-app.exe"

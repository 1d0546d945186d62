; Inno Setup script: the Windows installer of station-app (农村电商金融服务站).
;
; Build the bundle first (docs/packaging.md), then from the repository root:
;   iscc packaging\windows\station-app.iss
; -> dist\installer\station-app-<version>-setup.exe
;
; The version is read from dist\station-app\VERSION, which packaging/station-app.spec writes
; from station_app.__version__; override with  iscc /DAppVersion=1.2.3 ...
; Per-user data (database, keys, settings, backups) lives in the user's AppData folder and is
; NOT removed by the uninstaller: a station's records must survive a reinstall.

#define AppName "station-app"
#define AppDisplayName "农村电商金融服务站 Station App"
#define AppPublisher "station-app"
#define AppExe "station-app.exe"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\station-app"

#ifndef AppVersion
  #define VersionFile FileOpen(BundleDir + "\VERSION")
  #if VersionFile == 0
    #error "dist\station-app\VERSION not found: build the bundle first (pyinstaller packaging\station-app.spec)"
  #endif
  #define AppVersion Trim(FileRead(VersionFile))
  #expr FileClose(VersionFile)
#endif

[Setup]
; A fixed AppId lets a newer installer upgrade an older installation in place.
AppId={{6D3C3B0E-8F0A-4C7B-9E55-5A7B2C1D9F41}
AppName={#AppDisplayName}
AppVersion={#AppVersion}
AppVerName={#AppDisplayName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppDisplayName}
DisableProgramGroupPage=yes
OutputDir={#SourcePath}\..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#SourcePath}\..\..\resources\icons\station-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppDisplayName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Installing for all users needs admin; the dialog lets a clerk install for themself instead.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#SourcePath}\..\..\resources\icons\station-app.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\station-app.ico"
Name: "{group}\{cm:UninstallProgram,{#AppDisplayName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppDisplayName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\station-app.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppDisplayName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}; the user's data folder is left alone on purpose.
Type: filesandordirs; Name: "{app}\_internal"

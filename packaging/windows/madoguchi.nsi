; madoguchi for Windows: one installer per machine (a city's IT section
; deploys it to every counter PC). Built on Linux with makensis:
;   makensis -DVERSION=0.1.0 -DEXE=path\to\madoguchi.exe -DOUT=madoguchi-setup.exe madoguchi.nsi
; Silent install (for deployment tools): madoguchi-setup.exe /S
; The uninstaller removes the program, never the users' data (AppData) nor
; the machine's settings (ProgramData\madoguchi\counter.toml).

; A 64-bit installer for a 64-bit program (and wine64 runs it in the smoke test).
Target amd64-unicode
!include "MUI2.nsh"

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef EXE
  !define EXE "madoguchi.exe"
!endif
!ifndef OUT
  !define OUT "madoguchi-setup-${VERSION}.exe"
!endif

Name "madoguchi ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\madoguchi"
InstallDirRegKey HKLM "Software\madoguchi" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
BrandingText "madoguchi ${VERSION}"

!define MUI_ICON "${NSISDIR}\Contrib\Graphics\Icons\modern-install.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_LANGUAGE "English"

!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\madoguchi"

Section "madoguchi"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "/oname=madoguchi.exe" "${EXE}"
  File "/oname=README.txt" "README.txt"
  ; The machine's settings: the hub's URL for every user of this PC.
  ; Written once; an upgrade keeps the city's edits.
  CreateDirectory "$APPDATA\madoguchi"
  IfFileExists "$APPDATA\madoguchi\counter.toml" +2 0
    File "/oname=$APPDATA\madoguchi\counter.toml" "counter.toml"
  CreateDirectory "$SMPROGRAMS\madoguchi"
  CreateShortcut "$SMPROGRAMS\madoguchi\madoguchi.lnk" "$INSTDIR\madoguchi.exe"
  CreateShortcut "$DESKTOP\madoguchi.lnk" "$INSTDIR\madoguchi.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\madoguchi" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST}" "DisplayName" "madoguchi（窓口）"
  WriteRegStr HKLM "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST}" "Publisher" "madoguchi"
  WriteRegStr HKLM "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$INSTDIR\madoguchi.exe"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\madoguchi\madoguchi.lnk"
  RMDir "$SMPROGRAMS\madoguchi"
  Delete "$DESKTOP\madoguchi.lnk"
  DeleteRegKey HKLM "${UNINST}"
  DeleteRegKey HKLM "Software\madoguchi"
  ; Kept: %APPDATA% of each user (cache, drafts) and ProgramData\madoguchi.
SectionEnd

# QRコードでスキャンページを振り分ける：振り分けられなかった理由。
# ../en/scan_route.ftl と同じIDにすること。
route-no-qr = QRコードが読めません（白紙、汚れ、または当課の様式ではありません）
route-unknown-case = 受付番号 { $case } はこの窓口にありません
route-duplicate = 二重スキャン：受付番号 { $case }（{ $form }）の { $page } ページは取込済みです
route-unreadable = ページを読み取れません：{ $detail }
route-error-io = ファイルを開けません（{ $detail }）
route-error-empty = ファイルが空です
route-error-file-too-large = スキャンとしては大きすぎるファイルです（{ $megabytes } MB）
route-error-not-scan = スキャンファイルではありません（PDF、TIFF、PNG、JPEGのみ）
route-error-page-too-large = スキャンとしては大きすぎるページです（{ $width }×{ $height } ピクセル）
route-error-broken-pdf = PDFが壊れているか途中で切れています（{ $detail }）
route-error-encrypted = PDFが暗号化されています
route-error-no-pages = ページがありません
route-error-no-image = スキャン画像のないページです（スキャナーではなくプログラムで作られた文書）
route-error-compression = 画像の圧縮形式 { $detail } は読めません。スキャナーをJPEG、グレー、カラーに設定してください
route-error-colour = 画像の色形式（{ $detail }）は読めません。スキャナーをグレーまたはカラーに設定してください
route-error-broken-image = 画像が壊れているか途中で切れています（{ $detail }）

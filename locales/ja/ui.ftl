# The counter window's own texts (日本語). Keep the same ids in ../en/ui.ftl.

app-title = 窓口 madoguchi
mode-counter = 窓口
mode-kiosk = 発券機
mode-display = 呼出表示

## Login
login-subtitle = ワンストップ窓口　ログイン
login-user = ユーザー名
login-password = パスワード
login-submit = ログイン
login-connecting = 接続中…
login-refused = ユーザー名またはパスワードが違います
login-hub = ハブ：{ $url }
login-demo-users = デモ用ハブ（合成データ）：clerk / clerk-demo　floor / floor-demo　supervisor / supervisor-demo
login-settings = 設定

## Status bar and closing
status-signed-out = 未ログイン
status-online = ● オンライン
status-offline = ● オフライン（この窓口で受付を続けられます）
status-pending = 未送信 { $count } 件
status-failed = 送信できなかった変更 { $count } 件
status-user = { $user }（窓口 { $counter }）
logout = ログアウト
close-open-intake = インテークの途中です（次に起動したとき続きから再開できます）。終了しますか？
close-pending = ハブへ未送信の変更が { $count } 件あります（次回起動時に送信されます）。終了しますか？
close-both = インテークの途中で、未送信の変更が { $count } 件あります。終了しますか？
close-confirm = 終了する
back = 戻る
next = 次へ

## Counter
counter-resumed = { $number } のインテークを途中から再開しました
counter-draft-failed = 下書きを保存できませんでした：{ $error }
counter-nobody-waiting = お待ちの方はいません
counter-finished = 受付を完了しました。事務センターへ送付します。
counter-waiting-line = { $number }{ $priority }　{ $minutes }分
counter-priority-mark = （優先）
counter-none-called = 呼出中の番号はありません
counter-serving = 対応中：{ $number }
counter-state = 状態：{ $state }
counter-call-next = 次の方を呼出（F2）
counter-recall = 再呼出
counter-no-show = 不在
counter-to-b = 証明書(B)へ
counter-to-c = 国保(C)へ
counter-start-intake = インテーク開始
counter-waiting = 待ち { $count } 人
counter-idle = 番号を呼び出して、インテークを開始してください
state-waiting = 待ち
state-called = 呼出中
state-serving = 対応中
state-done = 完了
state-no-show = 不在

## Intake
intake-title = 受付 { $number }　インテーク
step-find = 1 世帯の検索
step-event = 2 届出の種類
step-procedures = 3 手続きの確認
step-print = 4 印刷・完了
event-move-in = 転入
event-move-within = 転居・区間異動
event-move-out = 転出
event-birth = 出生
find-placeholder = カナで検索（例：モジ ケンイチ）
find-search = 検索
find-offline = オフライン：本日この窓口で照会した世帯のみ表示しています
find-not-found = 世帯が見つかりません
find-born = { $date }生
find-new-household = 新しい世帯を入力（市外からの転入）
event-heading = 届出の種類
event-date = 異動日・出生日（例：2026-11-24、R8.11.24）
event-planned-move-out = 転出予定日（転出証明書）
event-from-prefecture = 前住所の都道府県
event-date-error = 異動日：{ $error }
event-planned-error = 転出予定日：{ $error }
event-no-catalog = 本日有効な手続きの定義がありません
procedures-counter = 窓口で完了する手続き
procedures-referral = 専門窓口へのご案内
procedures-flag = お知らせ
procedures-no-deadline = 期限なし
procedures-deadline = 期限 { $date }
procedures-household = 世帯
procedures-not-applicable = 対象外の手続き
procedures-show-not-applicable = 対象外の手続きと理由を表示
procedures-hide-not-applicable = 対象外の手続きを隠す
procedures-summary = 該当 { $count } 件（うち確認 { $confirmed } 件）　対象外 { $excluded } 件
print-confirmed = 確認した手続き：{ $count } 件
print-batch = 申請書と案内書を一括印刷
print-printing = 印刷中…
print-done = 印刷しました：{ $path }
print-pages = { $path }（{ $pages } ページ）
intake-finish = 受付完了（事務センターへ送付）

## New household (move-in from outside the city)
new-title = 新しい世帯（転入）
new-postal = 郵便番号（7桁）
new-postal-lookup = 住所を検索
new-postal-pick = 町域を選んでください
new-postal-catch-all = （町域なし）
new-street = 丁目・番地・建物名
new-phone = 電話番号
new-member = 世帯員 { $n }
new-name = 氏名
new-kana = フリガナ（ひらがな・半角可）
new-birth = 生年月日（例：S61.7.14）
new-sex-male = 男
new-sex-female = 女
new-relation = 続柄
new-insurance = 健康保険
new-add-member = 世帯員を追加
new-remove-member = 削除
new-use = この世帯で続ける
new-cancel = 検索に戻る
new-error-address = 郵便番号から住所を選んでください
new-error-name = 世帯員 { $n }：氏名を入力してください
new-error-kana = 世帯員 { $n }：フリガナはカタカナで入力してください（{ $kana }）
new-error-birth = 世帯員 { $n }：{ $error }
new-error-future = 世帯員 { $n }：生年月日が未来の日付です
new-error-head = 世帯主を一人にしてください
relation-head = 世帯主
relation-spouse = 配偶者
relation-child = 子
relation-parent = 親
relation-grandchild = 孫
relation-other = その他
insurance-nhi = 国民健康保険
insurance-employee = 社会保険（本人）
insurance-employee_dependent = 社会保険（扶養）
insurance-late_elderly = 後期高齢者医療
insurance-public_assistance = 生活保護
insurance-none = なし・未加入

## Floor board
floor-loading = 読み込み中…
floor-waiting = 待ち { $count } 人
floor-longest = 最長 { $minutes } 分
floor-serving-line = 窓口 { $counter }：{ $number }（{ $state }、{ $minutes } 分）
floor-waiting-line = { $number }　{ $minutes }分{ $priority }
floor-priority-mark = 　優先
floor-prioritise = 優先
floor-title = フロア状況　{ $day }
floor-live = ● ライブ更新
floor-reconnecting = ○ 再接続中（2秒ごとに更新）
floor-counters = 窓口の対応状況
floor-tally = 本日の集計を印刷
floor-tally-printing = 集計中…
floor-tally-done = 集計を印刷しました：{ $path }
floor-tally-failed = 集計を印刷できませんでした：{ $error }
floor-queue = お待ちの方

## Kiosk and calling display
kiosk-number-heading = { $category }　受付番号
kiosk-take-ticket-ahead = 番号札をお取りください（前にお待ちの方 { $count } 人）
kiosk-failed = 発券できませんでした。係員をお呼びください。（{ $error }）
kiosk-take-ticket = 番号札をお取りください
kiosk-choose = ご用件のボタンを押してください
display-counter = { $counter } 番窓口
display-none = ただいまお呼び出し中の番号はありません
display-waiting = { $category } { $name }　待ち { $count } 人
display-stale = 表示の更新が遅れています
display-heading = お呼び出し中の番号

## Settings
settings-title = 設定
settings-hub-url = ハブのURL（空欄：デモ用の内蔵ハブ）
settings-counter-id = 窓口番号
settings-counter-prefix = オフライン発券の接頭辞
settings-printer = プリンター（空欄：PDFのみ）
settings-scan-folder = スキャンの保存先フォルダ
settings-office = 庁舎名（番号札に印字）
settings-language = 表示言語
settings-mode = この端末の用途
settings-save = 保存
settings-saved = 保存しました：{ $path }
settings-renderer = 画面の描画
settings-renderer-software = ソフトウェア（標準）
settings-renderer-gpu = GPU
settings-restart = ハブのURLと画面の描画の変更は次回の起動から有効になります
settings-error-url = ハブのURLは http:// か https:// で始めてください
settings-error-counter = 窓口番号を入力してください
settings-error-prefix = 接頭辞は英数字1〜4文字です
settings-file = 設定ファイル：{ $path }

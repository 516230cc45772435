# Texts of the rule catalog (forms/catalog/*.toml): procedure titles, window
# names, reasons, documents. Variables are facts: $member_age, $member_health_insurance, ...

## Procedure titles: proc-<id>

proc-resident-move-in = 転入届
proc-resident-move-out = 転出届
proc-resident-move-within = 転居届（区間異動届）
proc-mynumber-continue = マイナンバーカード 継続利用の手続き
proc-mynumber-address-update = マイナンバーカード 住所変更（券面記載事項変更）
proc-mynumber-apply = マイナンバーカード 交付申請（出生届と同時）
proc-seal-register = 印鑑登録
proc-nhi-enroll = 国民健康保険 加入手続き
proc-nhi-withdraw = 国民健康保険 資格喪失（脱退）手続き
proc-nhi-address-change = 国民健康保険 住所変更
proc-nhi-childbirth-lump-sum = 国民健康保険 出産育児一時金の申請
proc-late-elderly-enroll = 後期高齢者医療 資格取得（転入）
proc-late-elderly-address-change = 後期高齢者医療 住所変更
proc-ltc-enroll = 介護保険 資格取得（異動）届
proc-ltc-certificate = 介護保険 受給資格証明書の交付
proc-child-allowance-claim = 児童手当 認定請求
proc-child-allowance-revise = 児童手当 額改定請求
proc-child-allowance-terminate = 児童手当 受給事由消滅届
proc-child-allowance-address-change = 児童手当 住所変更届
proc-child-medical-apply = 子ども医療証 交付申請
proc-child-medical-return = 子ども医療証の返還
proc-child-medical-address-change = 子ども医療証 住所変更
proc-school-transfer-notice = 小・中学校 転入学通知書の交付
proc-school-leave-documents = 小・中学校 転校の書類（在学証明書・教科用図書給与証明書）
proc-school-district-check = 小・中学校 通学区域の確認
proc-infant-checkup-transfer = 乳幼児健診受診票の交換
proc-vaccination-transfer = 予防接種予診票の交換
proc-maternal-transfer = 母子健康手帳・妊婦健診受診票の交換
proc-child-support-referral = 児童扶養手当・ひとり親家庭等医療の相談
proc-special-child-allowance-referral = 特別児童扶養手当・障害児福祉手当の相談
proc-disability-address-change = 障害者手帳 住所変更
proc-public-assistance-referral = 生活保護の相談（移管）
proc-dog-registration = 犬の登録（所在地変更）
proc-moped-registration = 原動機付自転車（原付）の登録
proc-koseki-birth = 出生届
proc-employer-child-allowance = 児童手当 認定請求・額改定請求（勤務先）
proc-employer-add-dependent = 健康保険 被扶養者の追加（勤務先）
proc-child-support-move-out = 児童扶養手当・ひとり親家庭等医療の転出手続き
proc-destination-move-in = 転入届（転出先の市区町村）
proc-destination-nhi-enroll = 国民健康保険 加入手続き（転出先）
proc-destination-child-allowance-claim = 児童手当 認定請求（転出先）
proc-destination-school = 小・中学校 転入学の手続き（転出先）
proc-koseki-death = 死亡届
proc-nhi-loss = 国民健康保険 資格喪失届（死亡）
proc-nhi-funeral-expenses = 国民健康保険 葬祭費の申請
proc-late-elderly-loss = 後期高齢者医療 資格喪失届（死亡）
proc-late-elderly-funeral-expenses = 後期高齢者医療 葬祭費の申請
proc-ltc-loss = 介護保険 資格喪失届（死亡）
proc-pension-death-report = 年金受給者 死亡届
proc-pension-unpaid-claim = 未支給年金の請求
proc-nhi-household-change = 国民健康保険 世帯主変更
proc-nhi-dependent-check = 健康保険の確認（亡くなった方の被扶養者だった方）
proc-child-allowance-unpaid-claim = 児童手当 未支払請求
proc-household-head-change = 世帯主変更届
proc-disability-handbook-return = 障害者手帳の返還
proc-family-inheritance-renounce = 相続放棄・限定承認の申述
proc-family-final-tax-return = 準確定申告（亡くなった方の所得税）
proc-family-inheritance-tax = 相続税の申告
proc-family-inheritance-registration = 相続登記（不動産の名義変更）
proc-koseki-marriage = 婚姻届
proc-mynumber-name-change = マイナンバーカード 氏名変更（券面記載事項変更）
proc-nhi-name-change = 国民健康保険 氏名変更
proc-seal-reregister = 印鑑登録（新しい氏での登録）
proc-child-support-end = 児童扶養手当・ひとり親家庭等医療の資格喪失届
proc-koseki-divorce = 離婚届
proc-koseki-keep-surname = 離婚の際に称していた氏を称する届
proc-pension-category-change = 国民年金 種別変更（第3号から第1号）
proc-resident-household-change = 世帯変更届（世帯主変更・世帯分離・世帯合併）
proc-child-allowance-recipient-check = 児童手当 受給者の確認

## Windows: window-<key>

window-shimin = 市民課
window-kokuho-nenkin = 国保年金課
window-hoken-fukushi = 保健福祉課
window-kenko-soudan = 保健福祉課 健康相談コーナー
window-kodomo-katei = 子ども・家庭相談コーナー
window-koureisha-shougai = 高齢者・障害者相談コーナー
window-hogo = 保護課
window-shizei = 市税事務所
window-nenkin-jimusho = 年金事務所（基礎年金のみの方は国保年金課）
window-zeimusho = 税務署
window-houmukyoku = 法務局
window-katei-saibansho = 家庭裁判所
window-destination = 転出先の市区町村
window-employer = 勤務先

## Reasons a procedure applies

reason-resident-move-in = 他の市区町村から転入したため、転入した日から14日以内の届出が必要です（住民基本台帳法第22条）。
reason-mynumber-continue = 転入後もマイナンバーカードを使い続けるため、転入届から90日以内に継続利用の手続きが必要です（過ぎるとカードが失効します）。
reason-seal-register = 前住所地の印鑑登録は転出で失効しています。15歳以上の方は希望すれば登録できます。
reason-nhi-enroll-move-in = 国民健康保険の加入者として転入したため、14日以内に加入の届出が必要です（遅れると保険料は加入日まで遡り、その間の医療費は全額自己負担となります）。
reason-late-elderly-enroll = 75歳以上の方が{ $event_from_abroad ->
    [true] 国外から
   *[false] 福岡県外から
  }転入したため、福岡県後期高齢者医療広域連合への資格取得の届出が必要です。
reason-late-elderly-address-change = 75歳以上の方が福岡県内から転入したため、後期高齢者医療の資格は継続し、住所変更の届出が必要です。
reason-ltc-enroll = { $member_care_certified ->
    [true] 要介護・要支援認定を受けている方の転入のため、前住所地の受給資格証明書を14日以内に提出すると認定が引き継がれます。
   *[false] 65歳以上（第1号被保険者）の方の転入のため、介護保険の資格取得の届出が必要です。
  }
reason-child-allowance-claim-move-in = 18歳年度末までの児童を養育しているため、認定請求が必要です。転出予定日の翌日から15日以内に請求すると、転出予定日の翌月分から支給されます（15日特例）。
reason-child-allowance-claim-birth = 児童が生まれ、児童手当を受給していないため、認定請求が必要です。出生日の翌日から15日以内に請求すると、翌月分から支給されます。
reason-child-allowance-revise = 児童手当を受給中の世帯に児童が生まれたため、額改定請求が必要です（出生日の翌日から15日以内に請求すると翌月分から増額）。
reason-child-medical-apply-move-in = 18歳年度末までの子どもが転入したため、子ども医療証の交付申請ができます（転入日の翌日から15日以内の申請で転入日から対象）。
reason-child-medical-apply-birth = 子どもが生まれたため、子ども医療証の交付申請ができます（出生日の翌日から1か月以内の申請で出生日から対象）。
reason-school-transfer-notice = 義務教育の学齢の子ども（{ $member_school_year ->
    [1] 小学1年
    [2] 小学2年
    [3] 小学3年
    [4] 小学4年
    [5] 小学5年
    [6] 小学6年
    [7] 中学1年
    [8] 中学2年
   *[9] 中学3年
  }）が転入したため、転入学通知書を交付します。
reason-infant-checkup-transfer = 4歳未満の子どもが転入したため、北九州市の乳幼児健診受診票に交換します。
reason-vaccination-transfer = 就学前の子どもが転入したため、北九州市の予防接種予診票に交換します。
reason-maternal-transfer = 妊娠中の方が転入したため、妊婦健診受診票の交換と保健師の面談が必要です（専門窓口へご案内）。
reason-child-support-referral = ひとり親世帯で児童を養育しているため、児童扶養手当・ひとり親家庭等医療の対象となる可能性があります（専門窓口で審査）。
reason-special-child-allowance-referral = 20歳未満で障害のある方がいるため、特別児童扶養手当・障害児福祉手当の対象となる可能性があります（診断書による審査が必要）。
reason-disability-address-change = 障害者手帳をお持ちの方が転入したため、手帳の住所変更と福祉サービスの引継ぎが必要です。
reason-public-assistance-referral = 生活保護を受給している世帯の転入のため、保護課での相談・移管手続きが必要です。
reason-dog-registration = 犬を飼っているため、30日以内に所在地変更の届出が必要です（狂犬病予防法）。
reason-moped-registration = 原付などを所有しているため、15日以内に北九州市での登録が必要です。
reason-koseki-birth = 子どもが生まれたため、出生の日を含めて14日以内に出生届が必要です（戸籍法第49条）。
reason-nhi-enroll-birth = 子どもが国民健康保険に加入するため、14日以内に加入の届出が必要です。
reason-nhi-childbirth-lump-sum = 国民健康保険の加入者が出産したため、出産育児一時金を申請できます。
reason-mynumber-apply = 出生届と同時にマイナンバーカードの交付を申請できます（任意）。
reason-resident-move-out = 北九州市外へ引っ越すため、転出届が必要です（引越しの前後14日以内）。
reason-nhi-withdraw = 北九州市の国民健康保険の資格が転出で終わるため、資格喪失の届出が必要です。
reason-child-allowance-terminate = 北九州市外へ転出すると受給資格がなくなるため、受給事由消滅届が必要です。転出先で15日以内に認定請求をしてください。
reason-child-medical-return = 転出すると北九州市の子ども医療証は使えなくなるため、返還が必要です。
reason-ltc-certificate = 要介護・要支援認定を受けているため、転出先へ提出する受給資格証明書を交付します（転入後14日以内に提出）。
reason-school-leave-documents = 義務教育の学齢の子どもが転出するため、在籍校で在学証明書と教科用図書給与証明書を受け取ってください。
reason-resident-move-within = 市内で住所を変更したため、14日以内に転居届（区をまたぐ場合は区間異動届）が必要です。
reason-mynumber-address-update = マイナンバーカードの券面の住所を14日以内に変更する必要があります。
reason-nhi-address-change = 国民健康保険の加入者の住所が変わるため、住所変更の届出が必要です。
reason-child-allowance-address-change = 児童手当の受給者の住所が変わるため、住所変更の届出が必要です。
reason-child-medical-address-change = 子ども医療証の記載住所が変わるため、住所変更が必要です。
reason-school-district-check = 転居で通学区域が変わる場合は、転学の手続き（指定学校変更の相談を含む）が必要です。
reason-employer-child-allowance = 請求者が公務員のため、児童手当の認定請求・額改定請求は勤務先（所属庁）に出生日の翌日から15日以内に行ってください。
reason-employer-add-dependent = 子どもを被用者保険の被扶養者にするため、保護者の勤務先で追加の手続きをしてください。
reason-child-support-move-out = ひとり親家庭の児童扶養手当・ひとり親家庭等医療は転出で資格がなくなるため、転出の届出と医療証の返還が必要です。転出先で改めて申請してください。
reason-destination-move-in = 転出先の市区町村で、住み始めた日から14日以内に転入届が必要です（転出証明書または特例転出のマイナンバーカードを持参）。
reason-destination-nhi-enroll = 転出先の市区町村で、国民健康保険の加入手続きが必要です（転入から14日以内）。
reason-destination-child-allowance-claim = 児童手当は転出先の市区町村から支給されるため、転出予定日の翌日から15日以内に転出先で認定請求をしてください。
reason-destination-school = 転出先の教育委員会で転入学の手続きをしてください（在学証明書・教科用図書給与証明書を持参）。
reason-koseki-death = 亡くなったことを知った日を含めて7日以内（国外で亡くなった場合は3か月以内）に死亡届が必要です（戸籍法第86条）。
reason-nhi-loss = 亡くなった方が国民健康保険に加入していたため、14日以内に資格喪失の届出が必要です。
reason-nhi-funeral-expenses = 国民健康保険の加入者が亡くなったため、葬儀を行った方は葬祭費を申請できます（葬儀の翌日から2年以内）。
reason-late-elderly-loss = 亡くなった方が後期高齢者医療制度に加入していたため、14日以内に資格喪失の届出が必要です。
reason-late-elderly-funeral-expenses = 後期高齢者医療の加入者が亡くなったため、葬儀を行った方は葬祭費を申請できます（葬儀の翌日から2年以内）。
reason-ltc-loss = 亡くなった方が介護保険の被保険者だったため、14日以内に資格喪失の届出が必要です（介護保険料の精算があります）。
reason-pension-death-report = 亡くなった方が年金を受給していたため、年金の受給停止の届出が必要です（国民年金は14日以内、厚生年金は10日以内）。日本年金機構にマイナンバーが登録されている方は原則不要です。
reason-pension-unpaid-claim = 亡くなった月までの年金で受け取っていない分は、生計を同じくしていた遺族が請求できます（5年以内）。
reason-nhi-household-change-death = 国民健康保険の世帯主が亡くなったため、新しい世帯主で資格確認書を作り直します。
reason-nhi-dependent-check = 亡くなった方の勤務先の健康保険の被扶養者だった場合は、その資格がなくなるため、14日以内に国民健康保険などへの加入が必要です。
reason-child-allowance-unpaid-claim = 児童手当の受給者が亡くなったため、受け取っていない手当は児童本人（またはその代理人）が未支払請求できます。
reason-household-head-change = 世帯主が亡くなり、15歳以上の方が2人以上残るため、14日以内に新しい世帯主の届出が必要です（住民基本台帳法第25条）。
reason-child-allowance-claim-death = 児童手当の受給者が亡くなったため、新たに子どもを養育する方が15日以内に認定請求をしてください。
reason-child-medical-return-death = 子ども医療証をお返しください。
reason-disability-handbook-return = 障害者手帳をお持ちだったため、返還の手続きをしてください。
reason-family-inheritance-renounce = 相続を放棄する場合や限定承認をする場合は、相続の開始を知った時から3か月以内に家庭裁判所へ申述が必要です（民法第915条）。
reason-family-final-tax-return = 亡くなった方に申告の必要な所得がある場合は、相続人が相続の開始を知った日の翌日から4か月以内に準確定申告をします（所得税法第125条）。
reason-family-inheritance-tax = 遺産の総額が基礎控除額を超える場合は、相続の開始を知った日の翌日から10か月以内に相続税の申告が必要です（相続税法第27条）。
reason-family-inheritance-registration = 不動産を相続した場合は、取得を知った日から3年以内に相続登記が必要です（不動産登記法第76条の2）。
reason-koseki-marriage = 婚姻届は届け出た日から効力が生じます（期限はありません）。
reason-mynumber-name-change = 氏が変わるため、マイナンバーカードの券面の氏名を14日以内に変更する必要があります。
reason-nhi-name-change = 国民健康保険の加入者の氏が変わるため、資格確認書の氏名を変更します。
reason-seal-reregister = 氏が変わると印鑑登録は抹消されます。15歳以上の方は新しい氏で登録できます（任意）。
reason-child-support-end = 婚姻（事実婚を含む）により、児童扶養手当・ひとり親家庭等医療の資格がなくなるため、資格喪失の届出が必要です。
reason-koseki-divorce = 協議離婚は届け出た日から効力が生じます。調停・審判・判決による離婚は、確定した日を含めて10日以内に届出が必要です（戸籍法第77条）。
reason-koseki-keep-surname = 婚姻前の氏に戻る方が婚姻中の氏を使い続けたい場合は、離婚の日を含めて3か月以内に届け出てください（任意）。
reason-pension-category-change = 配偶者の扶養（国民年金 第3号被保険者）でなくなるため、14日以内に第1号被保険者への種別変更が必要です。
reason-child-support-divorce = 18歳年度末までの子どもを養育するひとり親になるため、児童扶養手当・ひとり親家庭等医療を申請できます。
reason-resident-household-change = 世帯の構成や世帯主が変わるため、14日以内に世帯変更届が必要です（住民基本台帳法第25条）。
reason-nhi-household-change = 国民健康保険の世帯が変わるため、資格確認書の世帯主・世帯の記載を変更します。
reason-child-allowance-recipient-check = 世帯主や世帯が変わると児童手当の受給者（生計中心者）が変わることがあるため、確認してください。

## Reasons a procedure does not apply

na-mynumber-no-card = マイナンバーカードをお持ちでないため不要です。
na-seal-under-15 = 15歳未満の方は印鑑登録ができません。
na-nhi-public-assistance = 生活保護を受給している世帯の方は国民健康保険に加入しません（医療扶助の対象）。
na-nhi-late-elderly = 75歳以上の方は後期高齢者医療制度の対象のため、国民健康保険には加入しません。
na-nhi-other-insurance = { $member_health_insurance ->
    [employee] 被用者保険（勤務先の健康保険）に加入しているため不要です。
    [employee_dependent] 被用者保険の被扶養者のため不要です（勤務先で手続き）。
    [late_elderly] 後期高齢者医療制度に加入しているため不要です。
    [public_assistance] 生活保護の医療扶助を受けているため不要です。
   *[other] 他の医療保険に加入しているため不要です。
  }
na-nhi-birth-other-insurance = { $member_health_insurance ->
    [employee_dependent] 子どもは被用者保険の被扶養者となるため、国保の加入は不要です（保護者の勤務先で手続き）。
    [public_assistance] 生活保護の医療扶助の対象となるため不要です。
   *[other] 子どもは国民健康保険以外の医療保険に加入するため不要です。
  }
na-lump-sum-other-insurance = 出産育児一時金は、母親が加入している健康保険（国保以外）から支給されます。
na-late-elderly-same-prefecture = 福岡県内からの転入のため新たな資格取得は不要です（住所変更のみ）。
na-late-elderly-other-prefecture = 福岡県外または国外からの転入のため、住所変更ではなく資格取得の手続きになります。
na-late-elderly-public-assistance = 生活保護を受給している世帯の方は後期高齢者医療制度に加入しません。
na-ltc-second-category = 40〜64歳の方（第2号被保険者）は、要介護認定を受けていなければ転入時の手続きは不要です。
na-child-allowance-civil-servant = 請求者が公務員のため、児童手当は勤務先（所属庁）から支給されます。
na-child-allowance-already-receiving = 既に児童手当を受給しているため、認定請求ではなく額改定請求で手続きします。
na-child-medical-public-assistance = 生活保護の医療扶助の対象のため、子ども医療証は交付されません。
na-nhi-withdraw-not-nhi = 国民健康保険に加入していないため不要です。
na-nhi-loss-other-insurance = { $member_health_insurance ->
    [employee] 勤務先の健康保険に加入していたため、資格喪失の手続きは勤務先で行います。
    [employee_dependent] 被用者保険の被扶養者だったため、手続きは被保険者の勤務先で行います。
    [late_elderly] 後期高齢者医療制度の資格喪失届で手続きします。
   *[other] 国民健康保険に加入していなかったため不要です。
  }
na-head-change-one-adult = 残る世帯員のうち15歳以上の方が1人以下のため、世帯主変更届は不要です（自動的に世帯主になります）。

## Documents

doc-moving-out-certificate = 転出証明書（マイナンバーカードによる特例転出の場合は不要）
doc-passport = 転入する全員のパスポート
doc-id = 届出人の本人確認書類（運転免許証など）
doc-mynumber-cards = 転入・異動する全員のマイナンバーカード（お持ちの方）
doc-mynumber-card = マイナンバーカード
doc-pin = マイナンバーカードの暗証番号（数字4桁）
doc-seal = 登録する印鑑
doc-photo-id = 顔写真付きの本人確認書類
doc-mynumber-proof = 個人番号（マイナンバー）が確認できるもの
doc-mynumber-proof-claimant-spouse = 請求者と配偶者の個人番号が確認できるもの
doc-late-elderly-burden-certificate = 前住所地の広域連合が発行した負担区分等証明書
doc-late-elderly-card = 後期高齢者医療の資格確認書
doc-ltc-eligibility-certificate = 前住所地の介護保険 受給資格証明書（転入から14日以内に提出）
doc-bank-account = 受取口座がわかるもの（通帳など。公金受取口座を使う場合は不要）
doc-child-insurance-proof = 子どもの資格確認書または資格情報のお知らせ
doc-school-enrollment-certificate = 前の学校が発行した在学証明書
doc-textbook-certificate = 前の学校が発行した教科用図書給与証明書
doc-maternal-handbook = 母子健康手帳
doc-checkup-vouchers = 前住所地の乳幼児健診受診票（未使用分）
doc-vaccination-forms = 前住所地の予防接種予診票（未使用分）
doc-prenatal-vouchers = 前住所地の妊婦健診受診票（未使用分）
doc-koseki-single-parent = 戸籍謄本など、ひとり親であることがわかる書類
doc-disability-handbook = 障害者手帳（身体・療育・精神）
doc-dog-tag = 前住所地の犬の鑑札
doc-rabies-certificate = 狂犬病予防注射済票
doc-moped-plate = 前住所地のナンバープレートまたは廃車申告受付書
doc-birth-notice = 出生届（出生証明書の記入が済んだもの）
doc-delivery-receipt = 出産費用の領収・明細書
doc-seal-card = 北九州市民カード（印鑑登録証）
doc-nhi-card = 国民健康保険の資格確認書
doc-child-medical-card = 子ども医療証
doc-ltc-card = 介護保険被保険者証
doc-child-support-card = ひとり親家庭等医療証
doc-moving-out-certificate-issued = 北九州市で交付した転出証明書（特例転出の場合はマイナンバーカード）
doc-death-notice = 死亡届（死亡診断書または死体検案書の記入が済んだもの）
doc-funeral-receipt = 葬儀を行ったことがわかる書類（会葬礼状、葬儀の領収書など）
doc-bank-account-mourner = 葬儀を行った方（喪主）の口座がわかるもの
doc-pension-certificate = 亡くなった方の年金証書
doc-koseki-relation = 亡くなった方との続柄がわかる戸籍謄本など
doc-marriage-notice = 婚姻届（成人2人の証人の署名が済んだもの）
doc-divorce-notice = 離婚届（協議離婚は成人2人の証人の署名が済んだもの。裁判離婚は調書・審判書などの謄本）
doc-pension-handbook = 基礎年金番号がわかるもの

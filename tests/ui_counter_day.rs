//! The counter as a clerk uses it all day, in the real window (iced_test
//! Simulator) against a real hub: the screen says one state at a time, a
//! click that would lose an intake asks first, no-show is offered only while
//! calling, a hub's refusal is said in Japanese, a walk-in gets a ticket at the
//! counter, and a ticket goes to D.

#[path = "support/hub.rs"]
mod hub;
#[path = "support/ui.rs"]
mod ui;

use hub::{demo_db, seed_household, HubProcess};
use madoguchi::api::TicketState;
use ui::{home_for, issue, Driver};

fn log_in(d: &mut Driver) {
    d.type_into("user", "clerk", false);
    d.type_into("password", "clerk-demo", true);
    d.expect_shown("次の方を呼出（F2）", "logged in");
}

fn hub_ticket(url: &str, number: &str) -> madoguchi::api::Ticket {
    let view = madoguchi::client::HubClient::new(url, "clerk", "clerk-demo")
        .expect("client")
        .queue()
        .expect("queue");
    view.tickets
        .into_iter()
        .find(|t| t.number == number)
        .unwrap_or_else(|| panic!("{number} at the hub"))
}

#[test]
fn the_counter_says_one_state_and_asks_before_an_intake_is_lost() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");
    let mut d = Driver::boot();
    log_in(&mut d);

    // Called: the heading, the state and the main pane agree.
    d.click("次の方を呼出（F2）");
    let called = format!("呼出中：{}", ticket.number);
    d.expect_shown(&called, "the heading says calling");
    assert!(!d.shows("対応中："), "not serving yet: {:?}", d.texts());
    d.expect_shown(
        &format!("{} をお呼びしています", ticket.number),
        "main pane",
    );
    assert!(!d.shows("番号を呼び出して、"), "{:?}", d.texts());

    // Serving: no-show is no longer offered (a click changes nothing).
    d.click("インテーク開始");
    d.expect_shown(&format!("対応中：{}", ticket.number), "serving");
    d.click("不在");
    d.expect_shown(&format!("対応中：{}", ticket.number), "no-show refused");
    hub::wait_until(std::time::Duration::from_secs(5), || {
        hub_ticket(&hub.url, &ticket.number).state == TicketState::Serving
    });
    assert_eq!(
        hub_ticket(&hub.url, &ticket.number).state,
        TicketState::Serving
    );

    // A transfer during an intake asks; cancelling keeps the intake.
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一");
    d.expect_shown("届出の種類", "the event step");
    d.click("証明書(B)へ");
    d.expect_shown("インテークの入力は破棄されます", "the transfer asks");
    d.click("やめる");
    d.expect_shown("届出の種類", "the intake is kept");
    assert_eq!(hub_ticket(&hub.url, &ticket.number).category, "A");
    // Confirmed: the intake goes, the ticket is in B's queue, and says so.
    d.click("証明書(B)へ");
    d.click("転送する");
    assert!(
        hub::wait_until(std::time::Duration::from_secs(10), || {
            hub_ticket(&hub.url, &ticket.number).category == "B"
        }),
        "transferred to B"
    );
    d.expect_shown("呼出中の番号はありません", "the counter is free");
    assert!(!d.shows("届出の種類"), "{:?}", d.texts());

    // Signing out during an intake asks; going back keeps it; signing out
    // keeps it as a draft that the next sign-in here resumes.
    // (The transferred ticket is the oldest waiting, so it is called again.)
    let next = ticket.clone();
    d.click("次の方を呼出（F2）");
    d.expect_shown(&format!("呼出中：{}", next.number), "the next is called");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一");
    d.expect_shown("届出の種類", "the event step");
    d.click("ログアウト");
    d.expect_shown("ログアウトしますか", "signing out asks");
    d.click("やめる");
    assert!(!d.shows("ログアウトしますか"), "{:?}", d.texts());
    d.expect_shown("届出の種類", "the intake is kept");
    d.click("ログアウト");
    d.click("ログアウトする");
    d.expect_shown("ログイン", "the login screen");
    assert!(!d.shows("届出の種類"), "{:?}", d.texts());
    log_in(&mut d);
    d.expect_shown(
        &format!("{} のインテークを途中から再開しました", next.number),
        "the draft is resumed",
    );
    d.expect_shown("届出の種類", "where it stopped");
}

#[test]
fn a_walk_in_gets_a_ticket_at_the_counter_and_can_go_to_d() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    let mut d = Driver::boot();
    log_in(&mut d);

    d.click("窓口で番号を発行（直接受付）");
    d.expect_shown("どの区分で受け付けますか", "asks the category");
    d.click("A 転入・転出");
    d.expect_shown("を発行して呼び出しました", "issued and called");
    d.expect_shown("呼出中：", "held at this counter");
    d.expect_shown("区分：A 転入・転出", "its category");
    let number = d
        .texts()
        .into_iter()
        .find_map(|t| t.strip_prefix("呼出中：").map(str::to_string))
        .expect("the number");
    // The hub has it, called to this counter.
    assert!(hub::wait_until(std::time::Duration::from_secs(10), || {
        let t = hub_ticket(&hub.url, &number);
        t.state == TicketState::Called && t.counter.as_deref() == Some("2")
    }));

    // Sent to D (子育て・福祉) with no intake open: no question, done; the
    // notice of the issue goes with the next action.
    d.click("子育て(D)へ");
    assert!(
        !d.shows("を発行して呼び出しました"),
        "a stale notice: {:?}",
        d.texts()
    );
    assert!(
        hub::wait_until(std::time::Duration::from_secs(10), || {
            hub_ticket(&hub.url, &number).category == "D"
        }),
        "transferred to D"
    );
    d.expect_shown("呼出中の番号はありません", "the counter is free");
}

#[test]
fn a_search_hit_says_age_and_relation_and_a_household_served_today_is_marked() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    issue(&hub.url, "A");
    issue(&hub.url, "A");
    let mut d = Driver::boot();
    log_in(&mut d);

    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    let shown = d.texts().join("\n");
    assert!(shown.contains("門司 健一（モジ ケンイチ）"), "{shown}");
    assert!(shown.contains("歳　世帯主"), "the head says so: {shown}");
    assert!(
        shown.contains("配偶者（世帯主：門司 健一）"),
        "a spouse names the head: {shown}"
    );
    assert!(!shown.contains("受付済み"), "{shown}");
    // Serve the household, then the next resident: the same household is marked.
    d.click_containing("門司 健一（");
    d.click("婚姻");
    d.click_id("role:partner:m4");
    d.click("次へ");
    d.click("次へ");
    d.click("受付完了（事務センターへ送付）");
    d.click("印刷せずに完了");
    d.expect_shown("受付を完了しました", "finished");
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.expect_shown("本日この窓口で受付済みです", "the second visit is warned");
    d.click_containing("門司 健一（");
    d.expect_shown("本日この窓口で受付済みです", "said again on the event step");
}

#[test]
fn enter_advances_from_any_field_and_a_typed_date_is_read_back() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    issue(&hub.url, "A");
    let mut d = Driver::boot();
    log_in(&mut d);
    d.click("次の方を呼出（F2）");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一（");
    d.click("死亡");
    d.type_into("event_date", "R8.11.27", false);
    d.expect_shown("令和8年11月27日(金)", "the date as read, with its weekday");
    // Enter in a field of an incomplete step stays (the deceased is not chosen).
    d.type_into("event.known_date", "2026-11-28", true);
    d.expect_shown("亡くなった方（必須）", "still the event step");
    d.expect_shown("令和8年11月28日(土)", "read back too");
    d.click_id("role:deceased:m1");
    // Complete: Enter in the last field goes on, as Next would.
    d.type_into("event.known_date", "2026-11-28", true);
    d.expect_shown(
        "本日この窓口で受け付ける手続き",
        "Enter went on to the procedures",
    );
}

/// The print step from the keyboard: Ctrl+P prints the batch (only there),
/// Ctrl+F hands the visit over.
#[test]
fn ctrl_p_prints_and_ctrl_f_hands_over() {
    use iced::keyboard::{Key, Modifiers};
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 50);
    seed_household(&db);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    let home = home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");
    let mut d = Driver::boot();
    log_in(&mut d);
    d.key(
        Key::Named(iced::keyboard::key::Named::F2),
        Modifiers::empty(),
    );
    d.expect_shown(&format!("呼出中：{}", ticket.number), "F2 called");
    d.click("インテーク開始");
    d.type_into("kana", "モジ", true);
    d.click_containing("門司 健一（");
    // Ctrl+P before the print step does nothing.
    d.key(Key::Character("p".into()), Modifiers::CTRL);
    let pdf = home
        .join("print")
        .join(format!("{}.pdf", madoguchi::ui::intake::case_id(&ticket)));
    assert!(!pdf.exists(), "nothing printed yet");
    d.click("婚姻");
    d.click_id("role:partner:m4");
    d.click("次へ");
    d.click("次へ");
    d.key(Key::Character("p".into()), Modifiers::CTRL);
    let (_, text) = ui::printed_batch(&home, &ticket);
    assert!(text.contains("門司"), "the batch: {text}");
    d.expect_shown("もう一度印刷", "the print step says it printed");
    d.key(Key::Character("f".into()), Modifiers::CTRL);
    d.expect_shown("受付を完了しました", "handed over");
}

/// The clerk pauses the counter for a break: the hub records it (the floor
/// board shows it), the counter cannot call meanwhile, and resuming opens
/// it again. Logging in opened the counter at the hub.
#[test]
fn a_pause_with_a_reason_stops_calls_until_resumed() {
    let _one_at_a_time = ui::serial();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 20);
    let hub = HubProcess::start(&db, "127.0.0.1:0");
    home_for(dir.path(), &hub.url);
    let ticket = issue(&hub.url, "A");
    let floor = madoguchi::client::HubClient::new(&hub.url, "floor", "floor-demo").expect("floor");
    let mode = |floor: &madoguchi::client::HubClient| {
        floor
            .counter_log(None)
            .expect("log")
            .into_iter()
            .rev()
            .find(|c| c.counter == "2")
            .map(|c| (c.mode, c.reason))
    };
    let mut d = Driver::boot();
    log_in(&mut d);
    assert_eq!(
        mode(&floor),
        Some((madoguchi::api::CounterMode::Open, None)),
        "logging in opened counter 2"
    );
    d.click("休止する");
    d.expect_shown("休止の理由：", "the reasons are offered");
    d.click("休憩");
    d.expect_shown("休止中：休憩。再開すると呼び出せます。", "paused");
    assert_eq!(
        mode(&floor),
        Some((madoguchi::api::CounterMode::Paused, Some("break".into())))
    );
    // F2 and the button call nobody while paused.
    d.click("次の方を呼出（F2）");
    assert!(
        !d.shows(&format!("呼出中：{}", ticket.number)),
        "{:?}",
        d.texts()
    );
    assert_eq!(
        hub_ticket(&hub.url, &ticket.number).state,
        TicketState::Waiting
    );
    d.click("再開する");
    assert_eq!(
        mode(&floor),
        Some((madoguchi::api::CounterMode::Open, None))
    );
    d.click("次の方を呼出（F2）");
    d.expect_shown(
        &format!("呼出中：{}", ticket.number),
        "called after resuming",
    );
}

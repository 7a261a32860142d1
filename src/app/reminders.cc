#include "app/reminders.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/users.h"
#include "core/workflow.h"
#include "render/digest.h"
#include "util/sha256.h"
#include "util/text.h"

namespace followup::app {

namespace {

// Records read a page at a time, so that memory stays bounded.
constexpr int k_page = 500;
// Messages sent a batch at a time.
constexpr int k_send_batch = 50;

// A Message-ID stable for one person's digest of one day: whoever plans
// the day, and however often the message is tried, it is the same.
std::string message_id_for(Date day, const std::string& recipient, const ReminderSettings& settings) {
  std::string lowered = recipient;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "reminders." + day.iso() + "." + util::sha256_hex(day.iso() + "\n" + lowered).substr(0, 20) + "@" +
         sender_domain(settings);
}

// The recommendations that may owe a notice on `day`, each handed to `each`.
Status each_candidate(Transaction& tx, Date day, const ReminderPolicy& policy,
                      const std::function<void(const RecommendationRecord&)>& each) {
  // Read through the kept index when it is exact for the day (on or after
  // the store's last fact): only those owing something by a due date up to
  // the furthest notice ahead. Otherwise every recommendation.
  auto last = tx.last_fact_date();
  if (!last) return last.error();
  // On a day that asks for progress reports, every recommendation: those
  // a unit answered owe nothing the index knows of, but may owe a report.
  bool asks_progress = false;
  if (policy.progress_months > 0) {
    const int left = progress_period(day, policy.progress_months).first.days_since(day);
    asks_progress =
        (left == 0 && policy.on_the_day) ||
        std::find(policy.days_before.begin(), policy.days_before.end(), left) != policy.days_before.end();
  }
  RecommendationPage page;
  if (!asks_progress && (!*last || day >= **last)) {
    int ahead = 0;
    for (int d : policy.days_before) ahead = std::max(ahead, d);
    page.owing_before = day.plus_days(ahead + 1);
  }
  page.limit = k_page;
  while (true) {
    auto records = tx.page_recommendations(page);
    if (!records) return records.error();
    for (const auto& r : *records) each(r);
    if (static_cast<int>(records->size()) < k_page) return {};
    page.after = std::pair{records->back().evaluation, records->back().rec.number};
  }
}

long long seconds_of(const std::string& instant) { return parse_utc_instant(instant).value_or(0); }

}  // namespace

std::string sender_domain(const ReminderSettings& settings) {
  const std::string& email = settings.from.email;
  const auto at = email.rfind('@');
  return at == std::string::npos || at + 1 == email.size() ? "localhost" : email.substr(at + 1);
}

env::MailMessage mail_of(const OutboxMessage& m, const ReminderSettings& settings) {
  env::MailMessage mail;
  mail.from = settings.from;
  mail.to.push_back(env::MailAddress{m.name, m.recipient});
  mail.subject = m.subject;
  mail.text = m.text;
  mail.html = m.html;
  mail.message_id = m.message_id;
  mail.date = m.queued_at;
  return mail;
}

Result<PlannedDay> plan_reminders(const Session& session, Date day, const ReminderSettings& settings,
                                  bool dry_run) {
  PlannedDay out;
  out.day = day;
  auto work = [&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (!session.principal.scheduler)
      if (auto may = require_role(*actor, {Role::evaluation, Role::admin}, "send reminders"); !may)
        return may;
    auto planned = tx.reminders_planned(day.iso());
    if (!planned) return planned.error();
    if (*planned) {
      out.planned_before = true;
      return {};
    }
    std::vector<Notice> notices;
    std::vector<std::string> texts;
    auto st = each_candidate(tx, day, settings.policy, [&](const RecommendationRecord& r) {
      for (auto& n : plan_notices(r, settings.policy, day)) {
        notices.push_back(std::move(n));
        texts.push_back(r.rec.text);
      }
    });
    if (!st) return st;
    auto units = tx.list_units();
    if (!units) return units.error();
    auto users = tx.list_users();
    if (!users) return users.error();
    const std::string now = session.clock.now_utc();
    out.notices = static_cast<int>(notices.size());
    std::map<std::string, const Unit*, std::less<>> by_code;
    for (const auto& u : *units) by_code.emplace(u.code, &u);
    std::set<std::string> unreached;
    for (const auto& n : notices) {
      const auto found = by_code.find(n.unit);
      if (recipients_of(n, found == by_code.end() ? nullptr : found->second, *users).empty())
        unreached.insert(n.unit);
    }
    out.unreached.assign(unreached.begin(), unreached.end());
    auto digests = build_digests(notices, texts, *units, *users);
    // Reminders given up since: to the evaluation office's people, in
    // their digest of the day, once.
    auto failures = tx.outbox_unreported_failures(k_send_batch);
    if (!failures) return failures.error();
    std::vector<long long> reported;
    if (!failures->empty()) {
      bool told = false;
      for (const auto& u : *users) {
        if (u.email.empty() || !has_role(u, Role::evaluation)) continue;
        auto digest = std::find_if(digests.begin(), digests.end(),
                                   [&](const Digest& d) { return util::iequals(d.to.email, u.email); });
        if (digest == digests.end()) {
          digests.push_back(Digest{Recipient{u.email, u.full_name.empty() ? u.name : u.full_name}, {}, {}});
          digest = std::prev(digests.end());
        }
        for (const auto& f : *failures)
          digest->undelivered.push_back(UndeliveredMail{f.recipient, f.day, f.last_error});
        told = true;
      }
      // Nobody of the office has an address: they wait for one.
      if (told) {
        for (const auto& f : *failures) reported.push_back(f.id);
        out.undelivered = static_cast<int>(failures->size());
      }
    }
    for (const auto& digest : digests) {
      const auto words = render::render_digest(digest, day, settings.public_url);
      OutboxMessage m;
      m.day = day.iso();
      m.recipient = digest.to.email;
      m.name = digest.to.name;
      m.message_id = message_id_for(day, digest.to.email, settings);
      m.subject = words.subject;
      m.text = words.text;
      m.html = words.html;
      m.notices = static_cast<int>(digest.entries.size());
      m.queued_at = now;
      m.next_attempt = now;
      out.queued.push_back(std::move(m));
    }
    if (dry_run) return {};
    if (auto queued = tx.queue_reminders(day.iso(), now, actor->name, out.queued); !queued) return queued;
    return reported.empty() ? Status{} : tx.mark_outbox_reported(reported, now);
  };
  auto st = dry_run ? session.store.read(work) : session.store.run(work);
  if (!st) return st.error();
  return out;
}

Result<SendReport> send_outbox(Store& store, env::MailTransport& transport, const env::Clock& clock,
                               const ReminderSettings& settings) {
  SendReport report;
  // Each message is tried at most once a round: a retry waits for a later one.
  long long after_id = 0;
  while (true) {
    const std::string now = clock.now_utc();
    std::vector<OutboxMessage> ready;
    auto read = store.read([&](Transaction& tx) -> Status {
      auto got = tx.outbox_ready(now, k_send_batch);
      if (!got) return got.error();
      for (auto& m : *got)
        if (m.id > after_id) ready.push_back(std::move(m));
      return {};
    });
    if (!read) return read.error();
    if (ready.empty()) return report;
    for (auto& m : ready) {
      after_id = std::max(after_id, m.id);
      // Claim it: its attempt counted, the next put ahead, before the hand-over.
      OutboxMessage claimed = m;
      claimed.attempts = m.attempts + 1;
      claimed.next_attempt = utc_instant(seconds_of(now) + settings.claim_seconds);
      auto claim = store.run([&](Transaction& tx) { return tx.update_outbox(claimed, m.attempts); });
      if (!claim && claim.error().code == ErrorCode::conflict) continue;  // another sender has it
      if (!claim) return claim.error();
      auto sent = transport.send(mail_of(claimed, settings));
      OutboxMessage after = claimed;
      const std::string done_at = clock.now_utc();
      if (sent) {
        after.state = "sent";
        after.sent_at = done_at;
        after.last_error.clear();
        ++report.sent;
      } else {
        after.last_error = sent.error().message;
        const bool permanent = sent.error().code != ErrorCode::unavailable;
        if (permanent || after.attempts >= settings.max_attempts) {
          after.state = "failed";
          report.failed.push_back(after);
        } else {
          long long wait = settings.retry_seconds;
          for (int i = 1; i < after.attempts && wait < 86400; ++i) wait *= 2;
          after.next_attempt = utc_instant(seconds_of(done_at) + std::min<long long>(wait, 86400));
          ++report.retrying;
        }
      }
      auto mark = store.run([&](Transaction& tx) { return tx.update_outbox(after, claimed.attempts); });
      if (!mark) return mark.error();
    }
  }
}

Date reminder_day(Date today, int hour, const ReminderSettings& settings) {
  return hour >= settings.hour ? today : today.plus_days(-1);
}

Result<DailyRun> run_daily_reminders(Store& store, const env::Clock& clock, env::MailTransport& transport,
                                     const ReminderSettings& settings, int hour) {
  DailyRun run;
  const Session scheduler{store, clock, Principal{std::string(k_scheduler_user), false, true}, 0,
                          std::nullopt};
  auto planned = plan_reminders(scheduler, reminder_day(clock.today(), hour, settings), settings, false);
  if (!planned) return planned.error();
  if (!planned->planned_before) run.planned = std::move(*planned);
  auto sent = send_outbox(store, transport, clock, settings);
  if (!sent) return sent.error();
  run.sent = std::move(*sent);
  return run;
}

Result<std::vector<OutboxMessage>> outbox_messages(const Session& session, const std::string& day,
                                                   int limit) {
  std::vector<OutboxMessage> out;
  auto st = session.store.read([&](Transaction& tx) -> Status {
    auto actor = acting_user(tx, session);
    if (!actor) return actor.error();
    if (auto may = require_role(*actor, {Role::evaluation, Role::admin, Role::executive}, "read the outbox");
        !may)
      return may;
    auto got = tx.list_outbox(day, limit);
    if (!got) return got.error();
    out = std::move(*got);
    return {};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace followup::app

// The reminders' use cases (docs/reminders.md): planning a day's digests
// into the outbox, and sending what the outbox holds. The notices come
// from core/reminders.h, the messages' words from render/digest.h; mail
// leaves only through an env::MailTransport.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/session.h"
#include "core/reminders.h"
#include "env/mail.h"

namespace followup::app {

struct ReminderSettings {
  ReminderPolicy policy;  // [reminders] days_before, on_the_day, repeat_days, escalate_days
  std::string public_url = "http://127.0.0.1:8080";  // [server] public_url: the pages' address in links
  env::MailAddress from{"followup", "followup@localhost"};  // [mail] from_name, from
  int claim_seconds = 600;  // [mail] claim_seconds: a message being sent is left to its sender so long
  int retry_seconds = 300;  // [mail] retry_seconds: the first retry's wait, doubled each time
  int max_attempts = 8;     // [mail] max_attempts: then the message is given up (failed)
  bool in_server = true;    // [reminders] server: `followup serve` plans and sends them daily
  int hour = 6;             // [reminders] hour: from this local hour on, the server plans the day
};

// What planning a day did.
struct PlannedDay {
  Date day;
  bool planned_before = false;        // the day had been planned: nothing new queued
  std::vector<OutboxMessage> queued;  // the digests queued (on a dry run: that would be)
  int notices = 0;                    // the notices planned
  // The units whose notices reach nobody: no focal point with an address,
  // no address in the directory (nor, for an escalation, anyone in the
  // DG's office with one). By code.
  std::vector<std::string> unreached;
  // Reminders given up before, reported in this day's digests to the
  // evaluation office's people (once: a reported one is not again).
  int undelivered = 0;
};

// Plans the reminders of `day`: every notice each recommendation owes that
// day (plan_notices), gathered into one digest per person (build_digests),
// each queued in the outbox, in one transaction with the reading of the
// facts, once per day: a day planned already queues nothing again. With
// `dry_run` nothing is written. Needs the evaluation or admin role, or the
// scheduler (permission_denied otherwise).
Result<PlannedDay> plan_reminders(const Session& session, Date day, const ReminderSettings& settings,
                                  bool dry_run);

// What a sending round did.
struct SendReport {
  int sent = 0;
  int retrying = 0;                   // failed for now, to be tried again later
  std::vector<OutboxMessage> failed;  // given up in this round (permanent failure or too many attempts)
};

// Sends every outbox message ready at the clock's now_utc: each is claimed
// first (its attempts counted, its next attempt put claim_seconds ahead, so
// that no other sender takes it meanwhile), handed to the transport under
// its stable Message-ID, then marked sent. A failure the transport calls
// temporary (unavailable) is retried after retry_seconds, doubled with
// each attempt; a permanent one (invalid_argument), or the max_attempts-th
// failure, marks the message failed. A crash between the hand-over and the
// marking leaves the message claimed: it goes again, under the same
// Message-ID, once the claim has expired.
Result<SendReport> send_outbox(Store& store, env::MailTransport& transport, const env::Clock& clock,
                               const ReminderSettings& settings);

// The day whose reminders the server owes at local date `today`, hour
// `hour`: today from settings.hour on, else yesterday (planned late when
// the server was not running at yesterday's hour).
Date reminder_day(Date today, int hour, const ReminderSettings& settings);

// One tick of the server's daily run, as the scheduler: plans the day
// reminder_day names, when it is not planned yet, then sends what the
// outbox holds ready (retries included). `planned` is empty when the day
// had been planned before.
struct DailyRun {
  std::optional<PlannedDay> planned;
  SendReport sent;
};
Result<DailyRun> run_daily_reminders(Store& store, const env::Clock& clock, env::MailTransport& transport,
                                     const ReminderSettings& settings, int hour);

// The outbox's messages of `day` (every day when empty), newest day first,
// at most `limit`, for the evaluation office, the admin and the DG's office
// (permission_denied otherwise).
Result<std::vector<OutboxMessage>> outbox_messages(const Session& session, const std::string& day, int limit);

// The part of the sender's address after '@' ("localhost" when there is
// none): the right-hand side of Message-IDs and calendar UIDs.
std::string sender_domain(const ReminderSettings& settings);

// The mail of an outbox message, as the transport receives it.
env::MailMessage mail_of(const OutboxMessage& message, const ReminderSettings& settings);

}  // namespace followup::app

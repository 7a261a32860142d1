#include "http/answer_cache.h"

namespace followup::http {

std::optional<std::string> AnswerCache::find(const std::string& key) {
  const std::lock_guard lock(m_mutex);
  auto it = m_at.find(key);
  if (it == m_at.end()) return std::nullopt;
  m_order.splice(m_order.begin(), m_order, it->second);
  return it->second->answer;
}

void AnswerCache::put(const std::string& key, std::string answer) {
  const std::size_t bytes = key.size() + answer.size();
  if (bytes > m_max_bytes / 8) return;
  const std::lock_guard lock(m_mutex);
  if (auto it = m_at.find(key); it != m_at.end()) erase(it->second);
  while (!m_order.empty() && m_bytes + bytes > m_max_bytes) erase(std::prev(m_order.end()));
  m_order.push_front(Entry{key, std::move(answer)});
  m_at.emplace(key, m_order.begin());
  m_bytes += bytes;
}

void AnswerCache::erase(std::list<Entry>::iterator it) {
  m_bytes -= it->key.size() + it->answer.size();
  m_at.erase(it->key);
  m_order.erase(it);
}

std::size_t AnswerCache::bytes() const {
  const std::lock_guard lock(m_mutex);
  return m_bytes;
}

std::size_t AnswerCache::size() const {
  const std::lock_guard lock(m_mutex);
  return m_order.size();
}

}  // namespace followup::http

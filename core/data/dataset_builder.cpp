#include "core/data/dataset_builder.h"

#include "core/common/error.h"
#include "core/common/log.h"

#include <algorithm>
#include <numeric>

namespace persona::data::detail {

std::optional<std::uint32_t> KeyMap::find(std::string_view key) const
{
    if (m_slots.empty())
        return std::nullopt;
    const std::uint64_t h = std::hash<std::string_view>{}(key);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.entry == kEmpty)
            return std::nullopt;
        if (slot.hash == h && m_keys[slot.entry] == key)
            return m_values[slot.entry];
    }
}

void KeyMap::insert(std::string_view key, std::uint32_t value)
{
    if ((m_keys.size() + 1) * 2 > m_slots.size())
        grow();
    const std::uint64_t h = std::hash<std::string_view>{}(key);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = h & mask;
    while (m_slots[i].entry != kEmpty)
        i = (i + 1) & mask;
    m_slots[i] = Slot{h, static_cast<std::uint32_t>(m_keys.size())};
    m_keys.emplace_back(key);
    m_values.push_back(value);
}

void KeyMap::grow()
{
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
        if (slot.entry == kEmpty)
            continue;
        std::size_t i = slot.hash & mask;
        while (m_slots[i].entry != kEmpty)
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

DatasetBuilder::DatasetBuilder(DatasetFormat format, std::string source, const LoadOptions& options)
    : m_format(format), m_source(std::move(source)), m_options(options)
{
}

void DatasetBuilder::message(const std::string& text)
{
    if (m_report.messages.size() < LoadReport::kMaxMessages) {
        m_report.messages.push_back(text);
        log::warning(text);
    }
}

void DatasetBuilder::badLine(const LineReader& reader, const std::string& reason)
{
    if (m_options.strict)
        throw FormatError(reader.where(reason));
    ++m_report.skippedLines;
    message(reader.where(reason + " (line skipped)"));
}

std::string DatasetBuilder::utf8Text(const LineReader& reader, std::string_view text)
{
    if (isValidUtf8(text))
        return std::string(text);
    if (m_options.strict)
        throw FormatError(reader.where("invalid UTF-8 text"));
    ++m_report.invalidTextLines;
    message(reader.where("invalid UTF-8 text replaced with U+FFFD"));
    return repairUtf8(text);
}

void DatasetBuilder::unknownItem(const LineReader& reader, std::string_view key)
{
    const std::string reason = "rating of item '" + std::string(key.substr(0, 64)) + "' that is not in the item file";
    if (m_options.strict)
        throw FormatError(reader.where(reason));
    ++m_report.unknownItemRatings;
    message(reader.where(reason + " (rating skipped)"));
}

int DatasetBuilder::genre(std::string_view name)
{
    name = trim(name);
    if (name.empty() || name == "unknown" || name == "(no genres listed)")
        return -1;
    if (auto id = m_genreIds.find(name))
        return static_cast<int>(*id);
    if (m_genres.size() >= 65535)
        throw FormatError(m_source + ": more than 65535 distinct genres");
    const auto id = static_cast<std::uint32_t>(m_genres.size());
    m_genres.emplace_back(name);
    m_genreIds.insert(name, id);
    return static_cast<int>(id);
}

std::uint32_t DatasetBuilder::addItem(std::string_view key, std::string title, std::vector<int> genres,
                                      std::string text)
{
    if (auto id = m_itemIds.find(key))
        return *id;
    Item item;
    item.key = std::string(key);
    item.title = std::move(title);
    item.text = std::move(text);
    for (int g : genres) {
        if (g >= 0)
            item.genres.push_back(static_cast<std::uint16_t>(g));
    }
    std::sort(item.genres.begin(), item.genres.end());
    item.genres.erase(std::unique(item.genres.begin(), item.genres.end()), item.genres.end());
    const auto id = static_cast<std::uint32_t>(m_items.size());
    m_items.push_back(std::move(item));
    m_itemIds.insert(key, id);
    return id;
}

bool DatasetBuilder::isNewItemLine(const LineReader& reader, std::string_view key)
{
    if (!m_itemIds.find(key))
        return true;
    badLine(reader, "duplicate item id '" + std::string(key.substr(0, 64)) + "' (defined on an earlier line)");
    return false;
}

std::optional<std::uint32_t> DatasetBuilder::findItem(std::string_view key) const
{
    return m_itemIds.find(key);
}

std::uint32_t DatasetBuilder::user(std::string_view key)
{
    if (!m_users.empty() && key == m_lastUserKey)
        return m_lastUser;
    m_lastUserKey.assign(key);
    if (auto id = m_userIds.find(key))
        return m_lastUser = *id;
    m_lastUser = static_cast<std::uint32_t>(m_users.size());
    const auto id = static_cast<std::uint32_t>(m_users.size());
    m_users.push_back(User{std::string(key), {}});
    m_userIds.insert(key, id);
    return id;
}

void DatasetBuilder::addRating(std::uint32_t user, std::uint32_t item, float rating, std::int64_t timestamp)
{
    m_users[user].history.push_back(Interaction{item, rating, timestamp});
    ++m_ratingsAdded;
}

Dataset DatasetBuilder::finish()
{
    m_itemIds = {};
    m_userIds = {};
    Dataset ds;
    ds.format = m_format;
    ds.source = m_source;

    // Order and deduplicate each history: the later rating of the same item wins.
    std::vector<std::uint32_t> seenBy(m_items.size(), 0);
    std::vector<std::uint32_t> popularity(m_items.size(), 0);
    std::uint32_t stamp = 0;
    for (User& u : m_users) {
        auto& h = u.history;
        const bool timed = std::all_of(h.begin(), h.end(), [](const Interaction& x) { return x.timestamp != kNoTimestamp; });
        if (timed) {
            std::stable_sort(h.begin(), h.end(),
                             [](const Interaction& a, const Interaction& b) { return a.timestamp < b.timestamp; });
        }
        ++stamp;
        std::vector<Interaction> kept;
        kept.reserve(h.size());
        for (auto it = h.rbegin(); it != h.rend(); ++it) {
            if (seenBy[it->item] == stamp) {
                ++m_report.duplicateRatings;
                continue;
            }
            seenBy[it->item] = stamp;
            kept.push_back(*it);
            ++popularity[it->item];
        }
        std::reverse(kept.begin(), kept.end());
        h = std::move(kept);
    }
    if (m_report.duplicateRatings > 0)
        message(m_source + ": " + std::to_string(m_report.duplicateRatings) + " duplicate ratings (the later one is kept)");

    // Drop rare items and remap the rest.
    const std::uint32_t minRatings = m_options.minItemRatings;
    std::vector<std::int64_t> remap(m_items.size(), -1);
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        if (popularity[i] >= minRatings) {
            remap[i] = static_cast<std::int64_t>(ds.items.size());
            m_items[i].popularity = popularity[i];
            ds.items.push_back(std::move(m_items[i]));
        } else {
            ++m_report.droppedItems;
        }
    }
    m_items = {};

    // Genres sorted by name; unused genres are left out.
    std::vector<std::uint32_t> used(m_genres.size(), 0);
    for (const Item& item : ds.items) {
        for (auto g : item.genres)
            used[g] = 1;
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t g = 0; g < m_genres.size(); ++g) {
        if (used[g])
            order.push_back(g);
    }
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return m_genres[a] < m_genres[b]; });
    std::vector<std::uint16_t> genreRemap(m_genres.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        genreRemap[order[k]] = static_cast<std::uint16_t>(k);
        ds.genres.push_back(m_genres[order[k]]);
    }
    for (Item& item : ds.items) {
        for (auto& g : item.genres)
            g = genreRemap[g];
        std::sort(item.genres.begin(), item.genres.end());
    }

    for (User& u : m_users) {
        std::vector<Interaction> kept;
        kept.reserve(u.history.size());
        for (const Interaction& x : u.history) {
            if (remap[x.item] < 0) {
                ++m_report.droppedRatings;
                continue;
            }
            kept.push_back(Interaction{static_cast<std::uint32_t>(remap[x.item]), x.rating, x.timestamp});
        }
        if (kept.empty()) {
            ++m_report.droppedUsers;
            continue;
        }
        ds.users.push_back(User{std::move(u.key), std::move(kept)});
    }
    m_users = {};
    if (m_report.droppedUsers > 0)
        message(m_source + ": " + std::to_string(m_report.droppedUsers) +
                " users have no rating left after dropping items with fewer than " +
                std::to_string(minRatings) + " ratings");

    const bool numeric = std::all_of(ds.users.begin(), ds.users.end(), [](const User& u) { return parseInt(u.key).has_value(); });
    std::sort(ds.users.begin(), ds.users.end(), [numeric](const User& a, const User& b) {
        if (numeric)
            return *parseInt(a.key) < *parseInt(b.key);
        return a.key < b.key;
    });

    ds.report = std::move(m_report);
    if (ds.users.empty()) {
        std::string why = m_ratingsAdded == 0 ? "no ratings in the data lines" : "no rating left";
        if (ds.report.droppedItems > 0)
            why += " after dropping " + std::to_string(ds.report.droppedItems) + " items with fewer than " +
                   std::to_string(minRatings) + " ratings (lower the minimum item rating count)";
        if (ds.report.skippedLines > 0)
            why += "; " + std::to_string(ds.report.skippedLines) + " malformed lines were skipped";
        throw FormatError(m_source + ": " + why);
    }
    return ds;
}

} // namespace persona::data::detail

#include "core/data/history_edit.h"

#include "core/common/error.h"
#include "core/data/line_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace persona::data {
namespace {

const char* kindName(HistoryEdit::Kind kind)
{
    switch (kind) {
    case HistoryEdit::Kind::Drop: return "drop";
    case HistoryEdit::Kind::Rate: return "rate";
    case HistoryEdit::Kind::Add: return "add";
    }
    return "?";
}

std::string ratingText(float r)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(r));
    return buf;
}

std::optional<std::uint32_t> findItem(const Dataset& ds, const std::string& key)
{
    for (std::size_t i = 0; i < ds.items.size(); ++i)
        if (ds.items[i].key == key)
            return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

} // namespace

HistoryEdit parseHistoryEdit(HistoryEdit::Kind kind, const std::string& text)
{
    HistoryEdit e;
    e.kind = kind;
    const auto eq = text.find('=');
    e.item = std::string(trim(std::string_view(text).substr(0, eq)));
    if (e.item.empty())
        throw ConfigError(std::string(kindName(kind)) + " '" + text + "': no item key");
    if (eq == std::string::npos) {
        if (kind == HistoryEdit::Kind::Rate)
            throw ConfigError("rate '" + text + "': give the new rating as ITEM=RATING, e.g. 242=1");
        return e;
    }
    if (kind == HistoryEdit::Kind::Drop)
        throw ConfigError("drop '" + text + "': a dropped item takes no rating");
    const auto r = parseNumber(trim(std::string_view(text).substr(eq + 1)));
    if (!r)
        throw ConfigError(std::string(kindName(kind)) + " '" + text + "': the rating after '=' is not a number");
    e.rating = static_cast<float>(*r);
    return e;
}

std::string describeHistoryEdit(const Dataset& ds, const HistoryEdit& edit)
{
    const auto item = findItem(ds, edit.item);
    std::string s = std::string(kindName(edit.kind)) + " " + (item ? ds.items[*item].title : edit.item);
    if (!std::isnan(edit.rating))
        s += " (rated " + ratingText(edit.rating) + ")";
    return s;
}

std::pair<float, float> ratingScale(const Dataset& ds)
{
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (const User& u : ds.users)
        for (const Interaction& h : u.history)
            if (h.hasRating()) {
                lo = std::min(lo, h.rating);
                hi = std::max(hi, h.rating);
            }
    if (lo > hi)
        return {kNoRating, kNoRating};
    return {lo, hi};
}

std::vector<Interaction> applyHistoryEdits(const Dataset& ds, const User& user, const std::vector<HistoryEdit>& edits)
{
    const auto [lo, hi] = ratingScale(ds);
    const bool rated = !std::isnan(lo);
    std::vector<Interaction> h = user.history;
    const std::string who = "user " + user.key + ": ";
    for (const HistoryEdit& e : edits) {
        const auto item = findItem(ds, e.item);
        if (!item)
            throw ConfigError(who + "item '" + e.item + "' is not in the catalogue of " + ds.source +
                              " (`persona data user --user " + user.key + "` lists the history's item keys)");
        const std::string title = "'" + e.item + "' (" + ds.items[*item].title + ")";
        if (e.kind != HistoryEdit::Kind::Drop) {
            if (rated && std::isnan(e.rating))
                throw ConfigError(who + std::string(kindName(e.kind)) + " " + title + " needs a rating (ITEM=RATING)");
            if (!std::isnan(e.rating) && (!rated || e.rating < lo || e.rating > hi))
                throw ConfigError(who + "rating " + ratingText(e.rating) + " for " + title +
                                  (rated ? " is outside the dataset's scale " + ratingText(lo) + " to " + ratingText(hi)
                                         : " given, but the dataset has no ratings"));
        }
        const auto at = std::find_if(h.begin(), h.end(), [&](const Interaction& x) { return x.item == *item; });
        switch (e.kind) {
        case HistoryEdit::Kind::Drop:
            if (at == h.end())
                throw ConfigError(who + "cannot drop " + title + ": it is not in the history");
            h.erase(at);
            break;
        case HistoryEdit::Kind::Rate:
            if (at == h.end())
                throw ConfigError(who + "cannot re-rate " + title + ": it is not in the history");
            at->rating = e.rating;
            break;
        case HistoryEdit::Kind::Add: {
            if (at != h.end())
                throw ConfigError(who + "cannot add " + title + ": it is already in the history");
            Interaction x;
            x.item = *item;
            x.rating = e.rating;
            std::int64_t latest = kNoTimestamp;
            for (const Interaction& y : h)
                latest = std::max(latest, y.timestamp);
            x.timestamp = latest == kNoTimestamp ? kNoTimestamp : latest + 1;
            h.push_back(x);
            break;
        }
        }
    }
    if (h.empty())
        throw ConfigError(who + "the edits leave no history item");
    return h;
}

} // namespace persona::data

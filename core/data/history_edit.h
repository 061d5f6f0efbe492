// What-if histories: a user's history with items dropped, re-rated or added, checked against the
// dataset (the item must be in the catalogue, a rating on the dataset's scale, a dropped or
// re-rated item in the history, an added one not yet). Leaves out predicting on it (api whatIf).
#pragma once

#include "core/data/dataset.h"

#include <limits>
#include <string>
#include <vector>

namespace persona::data {

struct HistoryEdit {
    enum class Kind { Drop, Rate, Add };
    Kind kind = Kind::Drop;
    std::string item;                                         // the item's key in the dataset ("242")
    float rating = std::numeric_limits<float>::quiet_NaN();   // Rate, Add (NaN: none, for datasets without ratings)
};

// "drop 242", "rate 302=1", "add 50=5" (or "add 50" where the dataset has no ratings): the CLI's
// --drop ITEM, --rate ITEM=R, --add ITEM[=R]. ConfigError naming the text for a malformed one.
HistoryEdit parseHistoryEdit(HistoryEdit::Kind kind, const std::string& text);
std::string describeHistoryEdit(const Dataset& ds, const HistoryEdit& edit); // "drop Star Wars (1977)"

// The smallest and largest rating in the dataset (NaN, NaN without ratings).
std::pair<float, float> ratingScale(const Dataset& ds);

// The user's history with the edits applied in order: dropped items leave it, re-rated ones keep
// their place and time, added ones come last (after the latest rating, so recency shows them).
// ConfigError naming the user and the item for an item outside the catalogue, a drop or re-rating of
// an item the history lacks, an addition of one it has, a rating outside the scale, a rating missing
// where the dataset has ratings, or a history left empty.
std::vector<Interaction> applyHistoryEdits(const Dataset& ds, const User& user, const std::vector<HistoryEdit>& edits);

} // namespace persona::data

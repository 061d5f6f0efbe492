// What a dataset says about its users besides their ratings, for slicing an evaluation: the user
// file beside the ratings (ml-100k u.user, ml-1m users.dat, a RecBole <name>.user: age, gender,
// occupation) when there is one, and attributes every dataset has (history length, mean rating,
// eligible genres), each as bands. Leaves out the scores per slice (core/train/slices.h).
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"

#include <map>
#include <string>
#include <vector>

namespace persona::data {

struct UserAttributes {
    std::string file;                // the user file read, "" when the dataset has none
    std::vector<std::string> names;  // its attributes, in file order ("age", "gender", "occupation")
    // user key -> one value a name (ages as MovieLens-1M bands: "Under 18", "18-24", ..., "56+";
    // ml-1m occupation codes as their names).
    std::map<std::string, std::vector<std::string>> values;
};

// Reads the user file of a loaded dataset (found from ds.source and ds.format). No file: an empty
// UserAttributes. A malformed line is a FormatError naming the file and the line.
UserAttributes loadUserAttributes(const Dataset& ds);

// Attributes every dataset has: "history" (length band), "rating" (mean rating band), "genres"
// (number of genres the user's labels name, liked or not).
inline const std::vector<std::string>& derivedAttributeNames()
{
    static const std::vector<std::string> names{"history", "rating", "genres"};
    return names;
}

// Every attribute a slice can be cut by for this dataset: the file's, then the derived ones.
std::vector<std::string> sliceAttributeNames(const UserAttributes& attributes);

// The user's value of one attribute ("unknown" when the user file has no line for the user).
// `labels` are the user's genre labels (for "genres"). ConfigError naming the attribute and
// listing the available ones for an unknown name.
std::string userAttributeValue(const Dataset& ds, std::size_t user, const GenreLabels& labels,
                               const UserAttributes& attributes, const std::string& name);

// The order to list an attribute's values in: bands in their natural order, others by name.
bool attributeValueLess(const std::string& name, const std::string& a, const std::string& b);

} // namespace persona::data

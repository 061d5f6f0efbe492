#include "core/data/user_attributes.h"

#include "core/common/error.h"
#include "core/data/line_reader.h"

#include <algorithm>
#include <array>
#include <filesystem>

namespace persona::data {
namespace fs = std::filesystem;

namespace {

// MovieLens-1M's age groups (README of ml-1m), used for every dataset's ages.
const std::array<std::pair<int, const char*>, 7> kAgeBands{{{1, "Under 18"},
                                                            {18, "18-24"},
                                                            {25, "25-34"},
                                                            {35, "35-44"},
                                                            {45, "45-49"},
                                                            {50, "50-55"},
                                                            {56, "56+"}}};

// ml-1m's occupation codes (README of ml-1m).
const std::array<const char*, 21> kOccupations{
    "other",      "academic/educator", "artist",        "clerical/admin", "college/grad student", "customer service",
    "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
    "retired",    "sales/marketing",   "scientist",     "self-employed",  "technician/engineer", "tradesman/craftsman",
    "unemployed", "writer"};

std::string ageBand(std::int64_t age)
{
    std::string band = kAgeBands.front().second;
    for (const auto& [from, name] : kAgeBands)
        if (age >= from)
            band = name;
    return band;
}

// Band names in order, per derived attribute.
const std::vector<std::string>& bandOrder(const std::string& name)
{
    static const std::vector<std::string> history{"1-19", "20-49", "50-99", "100-199", "200+"};
    static const std::vector<std::string> rating{"below 3.0", "3.0-3.49", "3.5-3.99", "4.0 and above", "no ratings"};
    static const std::vector<std::string> genres{"0-2", "3-5", "6-8", "9+"};
    static const std::vector<std::string> ages = [] {
        std::vector<std::string> v;
        for (const auto& [from, band] : kAgeBands)
            v.push_back(band);
        return v;
    }();
    static const std::vector<std::string> none;
    if (name == "history")
        return history;
    if (name == "rating")
        return rating;
    if (name == "genres")
        return genres;
    if (name == "age")
        return ages;
    return none;
}

std::string band(std::size_t n, const std::vector<std::pair<std::size_t, const char*>>& bands)
{
    std::string out = bands.front().second;
    for (const auto& [from, name] : bands)
        if (n >= from)
            out = name;
    return out;
}

void readRecBoleUsers(const std::string& path, UserAttributes& out)
{
    LineReader r(path);
    std::string_view line;
    std::vector<std::string_view> fields;
    if (!r.next(line))
        return;
    splitFields(line, '\t', fields);
    std::size_t idColumn = fields.size();
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string_view f = trim(fields[i]);
        const std::string name(f.substr(0, f.find(':')));
        if (name == "user_id")
            idColumn = i;
        else if (name != "zip_code" && !name.empty()) {
            kept.push_back(i);
            out.names.push_back(name);
        }
    }
    if (idColumn == fields.size())
        throw FormatError(r.where("RecBole .user header needs a user_id column"));
    const std::size_t columns = fields.size();
    while (r.next(line)) {
        if (trim(line).empty())
            continue;
        splitFields(line, '\t', fields);
        if (fields.size() != columns)
            throw FormatError(r.where(std::to_string(fields.size()) + " fields, the header has " + std::to_string(columns)));
        std::vector<std::string> values;
        for (std::size_t i : kept) {
            const std::string v = repairUtf8(trim(fields[i]));
            if (out.names[values.size()] == "age") {
                const auto age = parseInt(v);
                if (!age || *age < 0)
                    throw FormatError(r.where("age '" + v + "' is not a whole number of years"));
                values.push_back(ageBand(*age));
            } else {
                values.push_back(v.empty() ? "unknown" : v);
            }
        }
        out.values[std::string(trim(fields[idColumn]))] = std::move(values);
    }
}

// ml-100k u.user: "id|age|gender|occupation|zip"; ml-1m users.dat: "id::gender::age::occupation::zip".
void readMovieLensUsers(const std::string& path, bool oneM, UserAttributes& out)
{
    LineReader r(path);
    out.names = {"age", "gender", "occupation"};
    std::string_view line;
    std::vector<std::string_view> fields;
    while (r.next(line)) {
        if (trim(line).empty())
            continue;
        if (oneM)
            splitFields(line, std::string_view("::"), fields);
        else
            splitFields(line, '|', fields);
        if (fields.size() != 5)
            throw FormatError(r.where(std::to_string(fields.size()) + " fields where a user line has 5"));
        const std::string_view ageText = trim(fields[oneM ? 2 : 1]);
        const auto age = parseInt(ageText);
        if (!age || *age < 0)
            throw FormatError(r.where("age '" + std::string(ageText) + "' is not a whole number of years"));
        const std::string gender(trim(fields[oneM ? 1 : 2]));
        if (gender != "M" && gender != "F")
            throw FormatError(r.where("gender '" + gender + "' is neither M nor F"));
        std::string occupation = legacyTextToUtf8(trim(fields[3]));
        if (oneM) {
            const auto code = parseInt(occupation);
            if (!code || *code < 0 || *code >= static_cast<std::int64_t>(kOccupations.size()))
                throw FormatError(r.where("occupation code '" + occupation + "' is not one of 0 to 20"));
            occupation = kOccupations[static_cast<std::size_t>(*code)];
        }
        out.values[std::string(trim(fields[0]))] = {ageBand(*age), gender, occupation};
    }
}

} // namespace

UserAttributes loadUserAttributes(const Dataset& ds)
{
    UserAttributes out;
    std::error_code ec;
    fs::path file;
    switch (ds.format) {
    case DatasetFormat::RecBole: file = fs::path(ds.source).replace_extension(".user"); break;
    case DatasetFormat::MovieLens100K: file = fs::path(ds.source) / "u.user"; break;
    case DatasetFormat::MovieLens1M: file = fs::path(ds.source) / "users.dat"; break;
    default: return out; // ml-latest and JSON Lines carry no user file
    }
    if (!fs::is_regular_file(file, ec))
        return out;
    out.file = file.string();
    if (ds.format == DatasetFormat::RecBole)
        readRecBoleUsers(out.file, out);
    else
        readMovieLensUsers(out.file, ds.format == DatasetFormat::MovieLens1M, out);
    return out;
}

std::vector<std::string> sliceAttributeNames(const UserAttributes& attributes)
{
    std::vector<std::string> names = attributes.names;
    for (const std::string& d : derivedAttributeNames())
        if (std::find(names.begin(), names.end(), d) == names.end())
            names.push_back(d);
    return names;
}

std::string userAttributeValue(const Dataset& ds, std::size_t user, const GenreLabels& labels,
                               const UserAttributes& attributes, const std::string& name)
{
    const User& u = ds.users.at(user);
    const auto column = std::find(attributes.names.begin(), attributes.names.end(), name);
    if (column != attributes.names.end()) {
        const auto it = attributes.values.find(u.key);
        return it == attributes.values.end() ? std::string("unknown")
                                             : it->second.at(static_cast<std::size_t>(column - attributes.names.begin()));
    }
    if (name == "history")
        return band(u.history.size(), {{1, "1-19"}, {20, "20-49"}, {50, "50-99"}, {100, "100-199"}, {200, "200+"}});
    if (name == "rating") {
        double sum = 0.0;
        std::size_t n = 0;
        for (const Interaction& h : u.history)
            if (h.hasRating()) {
                sum += h.rating;
                ++n;
            }
        if (n == 0)
            return "no ratings";
        const double mean = sum / static_cast<double>(n);
        return mean < 3.0 ? "below 3.0" : mean < 3.5 ? "3.0-3.49" : mean < 4.0 ? "3.5-3.99" : "4.0 and above";
    }
    if (name == "genres")
        return band(labels.liked.size() + labels.disliked.size(), {{0, "0-2"}, {3, "3-5"}, {6, "6-8"}, {9, "9+"}});
    std::string list;
    for (const std::string& n : sliceAttributeNames(attributes))
        list += (list.empty() ? "" : ", ") + n;
    throw ConfigError("slice attribute '" + name + "' is not one this dataset has (" + ds.source + "): " + list);
}

bool attributeValueLess(const std::string& name, const std::string& a, const std::string& b)
{
    const auto& order = bandOrder(name);
    const auto ia = std::find(order.begin(), order.end(), a), ib = std::find(order.begin(), order.end(), b);
    if (ia != order.end() || ib != order.end())
        return ia < ib; // bands in order, anything else ("unknown") after them
    return a < b;
}

} // namespace persona::data

// Every dataset format the product opens: the first byte picks ml-100k (u.data, u.item, u.genre,
// u.user), ml-1m (ratings.dat, movies.dat, users.dat), ml-latest CSV (ratings.csv, movies.csv,
// tags.csv), RecBole atomic files (x.inter, x.item, x.user) or JSONL histories; the rest is split
// at NUL bytes into those files. Loaded strict and lenient, with and without the item filter; a
// dataset that loads then has its user file read (the slices' attributes) and every user's value
// of every attribute asked.
#include "fuzz_util.h"

#include "core/data/dataset_loader.h"
#include "core/data/genre_task.h"
#include "core/data/user_attributes.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::uint8_t selector = data[0];
    const auto parts = fuzz::split(fuzz::view(data + 1, size - 1), '\0', 4);
    static const std::vector<std::vector<const char*>> kFiles = {
        {"u.data", "u.item", "u.genre", "u.user"},
        {"ratings.dat", "movies.dat", "users.dat"},
        {"ratings.csv", "movies.csv", "tags.csv"},
        {"x.inter", "x.item", "x.user"},
        {"histories.jsonl"},
    };
    const auto& files = kFiles[selector % kFiles.size()];
    const auto dir = fuzz::freshFolder("dataset");
    for (std::size_t i = 0; i < files.size() && i < parts.size(); ++i)
        fuzz::writeFile(dir / files[i], parts[i]);
    const std::string path = files.size() == 1 ? (dir / files[0]).string() : dir.string();
    data::LoadOptions options;
    options.strict = (selector / kFiles.size()) % 2 == 1;
    options.minItemRatings = (selector / (2 * kFiles.size())) % 2 == 1 ? 2 : 0;
    fuzz::acceptingPersonaErrors([&] {
        const auto ds = data::loadDataset(path, options);
        const auto attributes = data::loadUserAttributes(ds);
        const auto names = data::sliceAttributeNames(attributes);
        for (std::size_t u = 0; u < ds.users.size() && u < 64; ++u)
            for (const auto& name : names)
                (void)data::userAttributeValue(ds, u, data::GenreLabels{}, attributes, name);
    });
    return 0;
}

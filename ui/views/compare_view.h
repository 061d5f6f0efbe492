// The Compare view: for the selected user, columns side by side for text prompting, PERSOMA,
// MiLP, Counting and the truth. Counting (core/eval/baselines.h) and the truth (the genre task)
// are computed here from the Data view's sample; the model columns wait for the trainer facade
// (core/api/training.h) and say so. Leaves out notes and tags on predictions (they need a run).
#pragma once

#include "core/data/sampling.h"
#include "ui/workers/loaded_dataset.h"

#include <QWidget>

#include <array>

class QLabel;
class QPushButton;

namespace persona::ui {

class CompareColumn;

class CompareView : public QWidget {
    Q_OBJECT
public:
    enum Method { TextPrompting, Persoma, Milp, Counting, Truth, MethodCount };

    explicit CompareView(QWidget* parent = nullptr);

    // The user and their sampled history (positions into user.history) from the Data view.
    // userIndex < 0 clears every column.
    void setContext(DatasetPtr dataset, int userIndex, const std::vector<std::size_t>& kept,
                    data::SamplingStrategy strategy);
    CompareColumn* column(Method method) const { return m_columns[method]; }
    static QString methodTitle(Method method);

private:
    void fillCounting(const data::User& user, const data::GenreLabels& truth);

    DatasetPtr m_dataset;
    int m_user = -1;
    std::vector<std::size_t> m_kept;
    QLabel* m_header = nullptr;
    QPushButton* m_runAll = nullptr;
    QPushButton* m_next = nullptr;
    std::array<CompareColumn*, MethodCount> m_columns{};
};

} // namespace persona::ui

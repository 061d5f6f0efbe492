// The state several views share, owned in one place: the loaded dataset, the selected user and
// the history sample shown for them (kept positions), and the sample settings the Data and Method
// views both edit (history size and strategy). Views write it through its setters and hear the
// change through its signals; a setter that changes nothing emits nothing, so two views that
// mirror each other settle after one round. Leaves out loading datasets (DataView) and the
// widgets that edit the settings.
#pragma once

#include "ui/workers/loaded_dataset.h" // the dataset and data::SamplingStrategy

#include <QObject>
#include <QString>

#include <vector>

namespace persona::ui {

class WorkbenchState : public QObject {
    Q_OBJECT
public:
    explicit WorkbenchState(QObject* parent = nullptr) : QObject(parent) {}

    DatasetPtr dataset() const { return m_dataset; }
    int user() const { return m_user; } // index into dataset()->dataset.users, -1 for none
    QString userKey() const;            // "" for none
    const std::vector<std::size_t>& keptPositions() const { return m_kept; }
    int historySize() const { return m_historySize; }
    data::SamplingStrategy strategy() const { return m_strategy; }

    // The dataset, the user and the positions of the user's history the sample kept.
    void setSelection(DatasetPtr dataset, int user, std::vector<std::size_t> kept);
    // The history sample every view uses (Data view shows it, Method view trains with it).
    void setSample(int historySize, data::SamplingStrategy strategy);
    // Whether the trained runs in Compare, Inspect and Users read the loaded dataset instead of
    // the one each was trained on (issue 33, defect 1); off by default.
    bool runsOnLoadedData() const { return m_runsOnLoadedData; }
    void setRunsOnLoadedData(bool on);

signals:
    void selectionChanged(); // dataset, user or kept positions
    void userKeyChanged(const QString& key);
    void sampleChanged(int historySize, persona::data::SamplingStrategy strategy);
    void runsOnLoadedDataChanged(bool on);

private:
    DatasetPtr m_dataset;
    int m_user = -1;
    std::vector<std::size_t> m_kept;
    int m_historySize = 0;
    data::SamplingStrategy m_strategy = data::SamplingStrategy::Recency;
    bool m_runsOnLoadedData = false;
};

} // namespace persona::ui

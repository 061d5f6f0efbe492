// The Data view: open a dataset (button, drag and drop of a folder, recent files via the main
// window), the users table with search and sort, and the selected user's history with the items
// kept by the chosen sampling strategy and size highlighted. Loading runs on a worker thread; a
// failed load reports through loadFailed and keeps the previous dataset.
#pragma once

#include "core/data/sampling.h"
#include "ui/itemmodels/users_model.h"
#include "ui/workers/loaded_dataset.h"

#include <QWidget>

#include <map>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace persona::ui {

class DatasetLoader;
class HistoryModel;
class UsersModel;

class DataView : public QWidget {
    Q_OBJECT
public:
    explicit DataView(QWidget* parent = nullptr);
    ~DataView() override;

    // Starts loading in the background; datasetLoaded or loadFailed follows.
    void openDataset(const QString& path);
    bool isLoading() const;
    // Items with fewer ratings are dropped on load (PERSOMA: 20).
    // Items with fewer ratings are left out at the next load (the view's min-ratings field).
    void setMinItemRatings(uint count);
    uint minItemRatings() const { return m_minItemRatings; }

    DatasetPtr dataset() const { return m_dataset; }
    int selectedUser() const { return m_user; } // index into Dataset::users, -1 for none
    bool selectUser(const QString& key);        // selects the user's row (clears the search if needed)

    data::SamplingStrategy strategy() const;
    void setStrategy(data::SamplingStrategy strategy);
    int historySize() const;
    void setHistorySize(int size);
    std::uint64_t samplingSeed() const;
    std::vector<std::size_t> keptPositions() const; // of the selected user
    // Scrolls the history to the first kept item (done after each change of user or sample).
    void showKeptItems();

    QLineEdit* searchField() const { return m_search; }
    QSortFilterProxyModel* usersProxy() const { return m_proxy; }
    // Filters the users as the search field does (see UsersFilter).
    void setSearchText(const QString& text);
    QString sampleSummaryText() const;
    HistoryModel* historyModel() const { return m_history; }
    QTableView* historyTable() const { return m_historyTable; }

    // Compare's item attribution of the selected user: each shown position's change in the
    // answer's log-probability without it, as bars in the history's Effect column. Ignored for
    // another user than the selected one (the answer came late).
    void showItemEffects(const QString& userKey, const QString& source, const std::map<std::size_t, double>& effects);

    // The line above the users when no dataset is loaded (or why none is).
    // `offerFetch` shows the Fetch Default Files button beside the message (until the next message).
    void setSourceMessage(const QString& text, bool offerFetch = false);
    QString sourceText() const;

signals:
    void loadingChanged(bool loading);
    void datasetLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& message);
    void userChanged(int userIndex);
    void samplingChanged();
    void fetchRequested(); // the Fetch Default Files button
    void explainRequested(); // Explain Items, with a user selected
    void retrievalReady(); // retrieval sampling's vectors were computed (or failed: the summary says why)

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void onLoaded(DatasetPtr dataset);
    void onFailed(const QString& path, const QString& message);
    void onCurrentRowChanged();
    void updateSample();
    // Retrieval sampling's vectors for the loaded dataset, computed on a thread of their own (the
    // sentence encoder over every item; cached on disk after the first time); updateSample follows.
    void requestRetrieval();
    void setBusy(bool busy);

    DatasetLoader* m_loader = nullptr;
    DatasetPtr m_dataset;
    std::unique_ptr<data::HistorySampler> m_sampler;
    bool m_retrievalRunning = false;
    QString m_retrievalError; // why the loaded dataset has no retrieval vectors; empty when none failed
    int m_user = -1;
    uint m_minItemRatings = 20;
    QSpinBox* m_minRatings = nullptr;

    UsersModel* m_users = nullptr;
    UsersFilter* m_proxy = nullptr;
    QString m_selectedKey; // the user chosen last, kept across searches
    HistoryModel* m_history = nullptr;
    QLabel* m_source = nullptr;
    QPushButton* m_fetch = nullptr;
    QLabel* m_sampleSummary = nullptr;
    QProgressBar* m_busy = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_usersTable = nullptr;
    QTableView* m_historyTable = nullptr;
    QComboBox* m_strategy = nullptr;
    QSpinBox* m_size = nullptr;
    QSpinBox* m_seed = nullptr;
};

} // namespace persona::ui

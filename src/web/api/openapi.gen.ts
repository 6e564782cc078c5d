/**
 * The hub's API shapes, generated from /api/openapi.json by `npm run gen:api-types`
 * (src/server/api-types.ts). Do not edit: change the server's schemas and regenerate.
 */

export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, mode, store integrity and sync staleness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every tracked repository with its weight, counts, sync state and what it pays
         * @description Counts come from columns the worker keeps up to date, never from counting rows; reward (the pay split, competition, responsiveness, policy and decay) from what the scoring and statistics jobs store. Not paginated: the list is the master list.
         */
        get: operations["listRepos"];
        put?: never;
        /**
         * Track a repository the master list does not name
         * @description Needs Authorization: Bearer <ADMIN_TOKEN>. Queues its first sync.
         */
        post: operations["addRepo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tracked repository */
        get: operations["getRepo"];
        put?: never;
        post?: never;
        /**
         * Stop tracking an operator-added repository (its data stays)
         * @description Repositories named by the master list are managed by it and answer 409.
         */
        delete: operations["removeRepo"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of a repository's issues
         * @description Keyset pagination: pass next_cursor as cursor until it is null. A page may hold fewer than limit items when filters the sort index cannot serve leave the bounded read short; next_cursor then continues where reading stopped.
         */
        get: operations["listRepoIssues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of issues across every tracked repository (or those named in repo)
         * @description Keyset pagination: pass next_cursor as cursor until it is null. A page may hold fewer than limit items when filters the sort index cannot serve leave the bounded read short; next_cursor then continues where reading stopped.
         */
        get: operations["listIssues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/issues/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One issue with the pull requests that close it
         * @description linked_pulls: the pull requests that claim it (open, draft, merged), earliest opened first; at most 200. collision: set when open or draft pull requests of two or more authors claim it. solve_reward: what solving it adds to a pull request under the repository’s rules (docs/scoring.md).
         */
        get: operations["getIssue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/pulls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of a repository's pull requests
         * @description State defaults to open,draft (what GitHub calls open). Keyset pagination as for issues: follow next_cursor until null; a page may be short when a filter the sort index cannot serve leaves the bounded read short.
         */
        get: operations["listRepoPulls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pulls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of pull requests across every tracked repository (or those named in repo)
         * @description State defaults to open,draft (what GitHub calls open). Keyset pagination as for issues: follow next_cursor until null; a page may be short when a filter the sort index cannot serve leaves the bounded read short.
         */
        get: operations["listPulls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/pulls/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One pull request with the issues it closes
         * @description closing_issues: ordered by repository and number; issues of untracked repositories have null state and title; at most 200.
         */
        get: operations["getPull"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/authors/{login}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An author's issues and pull requests in a repository, with per-state counts
         * @description Counts are exact up to 10,000 per state (counts_capped says when one stopped there). The lists are the first pages, newest activity first; their next_cursor continues /issues or /pulls with author=<login>&state=all.
         */
        get: operations["getAuthor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search over every title and body, best match first
         * @description Every word (or "quoted phrase") must appear; operators and punctuation are read as plain words. The 500 most recently stored matches are ranked (bm25, title weighted above body); truncated says when more matched. Highlights are plain-text pieces, never HTML.
         */
        get: operations["search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/miners/{login}/standing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A GitHub account's standing in every tracked repository, registered miner or not
         * @description Read from the evaluations the scoring job stores after each sync and hourly; nothing is computed on request. The login matches in any case. 404 miner_not_found for a login the hub has never seen; a login it has seen with nothing evaluated yet answers repos: [].
         */
        get: operations["getMinerStanding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/pulls/{number}/score": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A pull request's entry of its author's standing, with its projection
         * @description Read from the evaluations the scoring job stores after each sync and hourly; nothing is computed on request. 404 pull_not_found for no such pull request; 404 score_not_computed while the scoring job has not evaluated it yet.
         */
        get: operations["getPullScore"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The repository's complete reward policy: every master-list field with its default filled in */
        get: operations["getRepoPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/miners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of authors and miners (the leaderboard): computed total, highest first or by login, and the official standing where known
         * @description Read from the evaluations the scoring job stores after each sync and hourly; nothing is computed on request. Every author in the mirror has a computed standing; official is the subnet API's own, when the hub has mirrored it. With repo, totals are that repository's, and official is the subnet's per-repository score. 404 repo_not_tracked for a repository the hub does not track. GET /api/miners.csv exports every row of the same filters.
         */
        get: operations["listMiners"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/miners/{login}/projection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A GitHub account's projected pay per day, now and over the next 30 days as decay bites, beside the validators' own scores
         * @description Read from the curves and repository sums the scoring job stores; the emission rules run over those on request, O(tracked repositories). Nothing new happens: no pull request merges, closes or opens and no issue is solved; each point is the rules evaluated at that time (decay, the lookback window), everyone else's standings moving the same way, and today's prices. 404 miner_not_found for a login the hub has never seen.
         */
        get: operations["getMinerProjection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/subnet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The rules in force, the prices and what every tracked repository pays
         * @description Read from what the scoring job and the repository statistics job store; nothing is computed on request. Amounts are per day; alpha, TAO and dollars are null (with a reason) while a price is unknown. Shares are fractions of the subnet emission.
         */
        get: operations["getSubnet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/responsiveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How the repository's maintainers treat outside pull requests: review and merge times, merge rate, queue, and per author against the repository
         * @description Read from what the scoring job and the repository statistics job store; nothing is computed on request. Maintainers' own pull requests are left out. 404 stats_not_computed until the statistics job has run for the repository.
         */
        get: operations["getRepoResponsiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sync state of every repository, the token pool quota, and the freshness of the subnet's data
         * @description lag_seconds is how far a repository is behind its freshness target (hot repositories: the hot interval; others: the freshness setting). Quota rows name tokens by label only. Repositories no longer tracked are listed with active=false. subnet lists each kind of the subnet's data (miners, official scores, maintainers, prices) with the age of its last good answer: a service that is down leaves its data stale, with its age and last error, never an error answer.
         */
        get: operations["getSyncStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Activity over 24 h, 7 d and 30 d, the pipelines, the top evaluated contributions, unclaimed issues where pay is best, and every source’s freshness
         * @description snapshot is what the dashboard job stored (the worker recomputes it when the store changed, and at least every five minutes): this route reads one stored row and the per-repository sync state, whatever the size of the store. snapshot is null until the job has run once. freshness is the same as in GET /api/sync.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/miners.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The leaderboard (GET /api/miners) as CSV: every row of the filters, streamed
         * @description text/csv; charset=utf-8, RFC 4180 (CRLF records, quoted fields where needed), first record the column names: rank, login, github_id, registered, eligible, total, repos, computed_at, official_uids, official_total_score, official_is_eligible, official_credibility, official_evaluated_at. official_uids are space-separated. Text fields a spreadsheet would read as a formula start with an apostrophe. 404 repo_not_tracked for a repository the hub does not track.
         */
        get: operations["exportMinersCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/collisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open issues that open or draft pull requests of two or more authors claim (collisions)
         * @description Reads the open issues with two or more claiming pull requests through the linked-count index, at most 4 × limit of them, and keeps those whose open or draft claimers have two or more authors. 404 repo_not_tracked for a repository the hub does not track.
         */
        get: operations["listRepoCollisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/subnet/drift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Official versus ours: pull requests whose official score and the hub's own evaluation differ
         * @description For every pull request the subnet scored, its official score and factors beside the hub’s evaluation of it; listed when the state, the score, the collateral or a factor (base, issue, label, spam; decay and review on merged pull requests) differs by more than the tolerance (0.01: both sides round to 2 decimals). Closed and dropped pull requests are compared by outcome only. The worker computes the report whenever either side changes; this only reads it. Ordered by repository and number.
         */
        get: operations["getApiSubnetDrift"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-sent events: items created, updated or gone, after each sync commit
         * @description text/event-stream. Events: `ready` (data.last_event_id), `change` (id = change id; data {id, repo, number, type: issue|pull, kind: created|updated|gone, at}), `reset` (missed too much or history pruned: reload), `shutdown`. Comment lines every 15 s keep the connection open. Reconnecting with Last-Event-ID resumes after that change.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: process, requests, latency, event-loop delay, item counts, sync passes, failures, lag, quota, jobs */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{name}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the worker to sync a repository now */
        post: operations["requestSync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This description (OpenAPI 3.1) */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        Issue: {
            /** @description owner/name */
            repo: string;
            number: number;
            title: string;
            /**
             * @description GitHub's state
             * @enum {string}
             */
            state: "open" | "closed";
            state_reason: string | null;
            author: string | null;
            author_association: string | null;
            labels: {
                name: string;
                color: string | null;
                description: string | null;
            }[];
            /** @description The assignees' logins, as GitHub lists them */
            assignees: string[];
            comments: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            created_at: string;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            updated_at: string;
            closed_at: string | null;
            html_url: string | null;
            /** @description Set once GitHub no longer has the item in this repository. */
            gone: ("deleted" | "transferred") | null;
            /** @enum {string} */
            status: "open" | "completed" | "not_planned" | "duplicate" | "closed";
            /** @description Open, draft or merged pull requests closing it. */
            linked_pulls_count: number;
            /** @description The open, draft or merged pull requests closing it, earliest first: in lists, the first 3; in the detail, all of them (up to 200). */
            linked_pulls: {
                repo: string;
                number: number;
                /** @enum {string} */
                state: "open" | "closed";
                /** @enum {string} */
                status: "open" | "draft" | "merged" | "closed";
                merged: boolean;
                draft: boolean;
                title: string;
                author: string | null;
                /**
                 * @description text: a closing keyword in the description; graphql: GitHub says so (includes manual links)
                 * @enum {string}
                 */
                source: "text" | "graphql";
            }[];
        };
        Pull: {
            /** @description owner/name */
            repo: string;
            number: number;
            title: string;
            /**
             * @description GitHub's state
             * @enum {string}
             */
            state: "open" | "closed";
            state_reason: string | null;
            author: string | null;
            author_association: string | null;
            labels: {
                name: string;
                color: string | null;
                description: string | null;
            }[];
            /** @description The assignees' logins, as GitHub lists them */
            assignees: string[];
            comments: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            created_at: string;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            updated_at: string;
            closed_at: string | null;
            html_url: string | null;
            /** @description Set once GitHub no longer has the item in this repository. */
            gone: ("deleted" | "transferred") | null;
            /** @enum {string} */
            status: "open" | "draft" | "merged" | "closed";
            draft: boolean;
            merged: boolean;
            merged_at: string | null;
            base_ref: string | null;
            head_ref: string | null;
            head_repo: string | null;
            closing_issues_count: number;
            /** @description In lists, the first 3; in the detail, all of them (up to 200). */
            closing_issues: {
                repo: string;
                number: number;
                state: ("open" | "closed") | null;
                status: ("open" | "completed" | "not_planned" | "duplicate" | "closed") | null;
                title: string | null;
                /** @description false: the repository is not tracked, so state and title are unknown */
                tracked: boolean;
                /** @enum {string} */
                source: "text" | "graphql";
            }[];
        };
        Collision: {
            /** @description The open and draft pull requests that claim the issue */
            pulls: {
                repo: string;
                number: number;
                author: string;
            }[];
            /** @description Their distinct authors, two or more */
            authors: string[];
        };
        SolveReward: {
            /** @description standard_issue_multiplier, or maintainer_issue_multiplier when a maintainer opened the issue */
            issue_multiplier: number;
            issue_multiplier_reason: string;
            /** @description The highest label multiplier the issue's labels match; default_label_multiplier with none */
            label_multiplier: number;
            /** @description The label that gives it; null for the default */
            label: string | null;
            /** @description issue_multiplier × label_multiplier: what solving it multiplies a pull request’s base score by */
            factor: number;
            emission_share: number;
            issue_discovery_share: number;
            /** @description emission_share × (1 − issue_discovery_share), of the miners’ pool, before the maintainer carve and idle repositories’ shares */
            pr_pool_share: number;
            /** @description emission_share × issue_discovery_share: what issue discovery shares, paid to the issue’s author */
            issue_pool_share: number;
            maintainer_cut: number;
        };
        CollisionPage: {
            items: {
                number: number;
                title: string;
                collision: components["schemas"]["Collision"];
            }[];
            /** @description Open issues with two or more claiming pull requests read (at most 4 × limit, newest activity first) */
            scanned: number;
        };
        IssueDetail: {
            /** @description owner/name */
            repo: string;
            number: number;
            title: string;
            /**
             * @description GitHub's state
             * @enum {string}
             */
            state: "open" | "closed";
            state_reason: string | null;
            author: string | null;
            author_association: string | null;
            labels: {
                name: string;
                color: string | null;
                description: string | null;
            }[];
            /** @description The assignees' logins, as GitHub lists them */
            assignees: string[];
            comments: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            created_at: string;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            updated_at: string;
            closed_at: string | null;
            html_url: string | null;
            /** @description Set once GitHub no longer has the item in this repository. */
            gone: ("deleted" | "transferred") | null;
            /** @enum {string} */
            status: "open" | "completed" | "not_planned" | "duplicate" | "closed";
            /** @description Open, draft or merged pull requests closing it. */
            linked_pulls_count: number;
            /** @description The open, draft or merged pull requests closing it, earliest first: in lists, the first 3; in the detail, all of them (up to 200). */
            linked_pulls: {
                repo: string;
                number: number;
                /** @enum {string} */
                state: "open" | "closed";
                /** @enum {string} */
                status: "open" | "draft" | "merged" | "closed";
                merged: boolean;
                draft: boolean;
                title: string;
                author: string | null;
                /**
                 * @description text: a closing keyword in the description; graphql: GitHub says so (includes manual links)
                 * @enum {string}
                 */
                source: "text" | "graphql";
            }[];
            body: string | null;
            /** @description Open or draft pull requests of two or more authors claim this issue; null otherwise */
            collision: components["schemas"]["Collision"] | null;
            solve_reward: components["schemas"]["SolveReward"];
        };
        PullDetail: {
            /** @description owner/name */
            repo: string;
            number: number;
            title: string;
            /**
             * @description GitHub's state
             * @enum {string}
             */
            state: "open" | "closed";
            state_reason: string | null;
            author: string | null;
            author_association: string | null;
            labels: {
                name: string;
                color: string | null;
                description: string | null;
            }[];
            /** @description The assignees' logins, as GitHub lists them */
            assignees: string[];
            comments: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            created_at: string;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            updated_at: string;
            closed_at: string | null;
            html_url: string | null;
            /** @description Set once GitHub no longer has the item in this repository. */
            gone: ("deleted" | "transferred") | null;
            /** @enum {string} */
            status: "open" | "draft" | "merged" | "closed";
            draft: boolean;
            merged: boolean;
            merged_at: string | null;
            base_ref: string | null;
            head_ref: string | null;
            head_repo: string | null;
            closing_issues_count: number;
            /** @description In lists, the first 3; in the detail, all of them (up to 200). */
            closing_issues: {
                repo: string;
                number: number;
                state: ("open" | "closed") | null;
                status: ("open" | "completed" | "not_planned" | "duplicate" | "closed") | null;
                title: string | null;
                /** @description false: the repository is not tracked, so state and title are unknown */
                tracked: boolean;
                /** @enum {string} */
                source: "text" | "graphql";
            }[];
            body: string | null;
        };
        SearchHit: {
            /** @enum {string} */
            type: "issue" | "pull";
            item: components["schemas"]["Issue"] | components["schemas"]["Pull"];
            /** @description Higher is a better match */
            score: number;
            /**
             * @description number: the query is #N or owner/name#N and this is that item (listed first); text: the words matched
             * @enum {string}
             */
            matched: "number" | "text";
            /** @description The title in pieces; match marks the words found. Plain text: never HTML. */
            title_highlight: {
                text: string;
                match: boolean;
            }[];
            /** @description The best passage of the body, in the same form. */
            body_snippet: {
                text: string;
                match: boolean;
            }[];
        };
        ScoreDrift: {
            /** @description When the worker last compared the two sides; null before the first comparison */
            computed_at: string | null;
            /** @description Two values differ only when further apart than this (both sides round to 2 decimals) */
            tolerance: number;
            counts: {
                /** @description Pull requests scored by both sides */
                compared: number;
                differing: number;
                /** @description Scored officially, not evaluated by the hub (untracked repository, not synced or not scored yet) */
                official_only: number;
                /** @description Evaluated by the hub for a registered miner, with no official score */
                hub_only: number;
            };
            items: {
                repo: string;
                number: number;
                /** @description The miner's GitHub id */
                github_id: string;
                /** @description The miner's login, when the hub knows the account */
                miner: string | null;
                /** @description What differs */
                fields: ("state" | "score" | "collateral" | "base" | "issue" | "label" | "spam" | "decay" | "review")[];
                official: {
                    state: ("open" | "merged" | "closed") | null;
                    /** @description What it earns: the official score, the hub’s earned */
                    score: number | null;
                    collateral: number | null;
                    base: number | null;
                    multipliers: {
                        issue: number | null;
                        label: number | null;
                        decay: number | null;
                        review: number | null;
                        spam: number | null;
                    };
                    token_score: number | null;
                };
                hub: {
                    state: ("open" | "merged" | "closed") | null;
                    /** @description What it earns: the official score, the hub’s earned */
                    score: number | null;
                    collateral: number | null;
                    base: number | null;
                    multipliers: {
                        issue: number | null;
                        label: number | null;
                        decay: number | null;
                        review: number | null;
                        spam: number | null;
                    };
                    counted: boolean | null;
                    excluded: string | null;
                    reasons: string[];
                };
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                official_at: string;
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                hub_at: string;
            }[];
            /** @description Pass as cursor for the next page; null at the end. */
            next_cursor: string | null;
        };
        ScoreReason: {
            /** @description A stable reason code (docs/scoring.md) */
            code: string;
            /** @description The reason in a few plain words (the same wording on the page and in the CLI) */
            reason_text: string;
            /** @description What was measured, in words with the numbers */
            detail: string;
            /** @description What would change it, when something would */
            lever: string | null;
        };
        ScoreMultipliers: {
            /** @description To 2 decimals */
            issue: number;
            /** @description To 2 decimals */
            label: number;
            /** @description To 2 decimals */
            decay: number;
            /** @description To 2 decimals */
            review: number;
            /** @description To 2 decimals */
            spam: number;
        };
        PullStanding: {
            number: number;
            /** @enum {string} */
            state: "open" | "merged" | "closed";
            /** @description Counts towards the miner's merged, closed or open numbers */
            counted: boolean;
            /** @description Why it is dropped entirely, or null */
            excluded: string | null;
            /** @description To 2 decimals */
            base: number;
            /** @description To 2 decimals */
            token_score: number;
            multipliers: components["schemas"]["ScoreMultipliers"];
            /** @description Open pull requests: collateral's review factor, min(2, 1 + rate · N) */
            collateral_review: number | null;
            /** @description To 2 decimals */
            earned: number;
            /** @description To 2 decimals */
            collateral: number;
            reasons: string[];
            /** @description Each reason with its detail and lever */
            explain: components["schemas"]["ScoreReason"][];
            /** @description What the hub has not fetched yet for this item (facts_pending, token_score_pending): it is counted with what is known; empty when everything is in */
            pending: ("facts_pending" | "token_score_pending")[];
        };
        ScoreProjection: {
            /** @description Open: what it would earn merged now. Merged: what it earns today */
            earned_now: number;
            multipliers: components["schemas"]["ScoreMultipliers"];
            reasons: string[];
            curve: {
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                grace_ends_at: string;
                /** @description When decay reaches 0.50; null when the floor is above it */
                halves_at: string | null;
                /** @description When decay reaches the floor; null with a floor of 0 */
                floor_at: string | null;
                /** @description To 2 decimals */
                floor: number;
            };
            /** @description Merged: the next time the rounded decay factor drops */
            next_drop_at: string | null;
            earned_after_drop: number | null;
        };
        RepoStanding: {
            /** @description owner/name */
            repo: string;
            eligible: boolean;
            merged: number;
            closed: number;
            open: number;
            /** @description To 2 decimals */
            credibility: number;
            open_pr_threshold: number;
            open_pr_slots_left: number;
            open_pr_cliff: boolean;
            /** @description To 2 decimals */
            earned: number;
            /** @description To 2 decimals */
            collateral: number;
            /** @description max(0, earned − collateral) where eligible, else 0 */
            total: number;
            blocked_by: string[];
            blocked_by_explain: components["schemas"]["ScoreReason"][];
            /** @description Pull requests counted with facts still to come */
            pending_pulls: number;
            pulls: components["schemas"]["PullStanding"][];
            issue_discovery: {
                eligible: boolean;
                solved: number;
                valid_solved: number;
                closed_unsolved: number;
                open: number;
                /** @description To 2 decimals */
                credibility: number;
                open_issue_threshold: number;
                open_issue_cliff: boolean;
                /** @description To 2 decimals */
                total: number;
                blocked_by: string[];
                blocked_by_explain: components["schemas"]["ScoreReason"][];
                issues: {
                    number: number;
                    /** @enum {string} */
                    state: "open" | "closed";
                    counted: boolean;
                    excluded: string | null;
                    solved: boolean;
                    valid_solve: boolean;
                    solver_number: number | null;
                    /** @description To 2 decimals */
                    base: number;
                    multipliers: {
                        /** @description To 2 decimals */
                        label: number;
                        /** @description To 2 decimals */
                        decay: number;
                        /** @description To 2 decimals */
                        review: number;
                        /** @description To 2 decimals */
                        credibility: number;
                        /** @description To 2 decimals */
                        spam: number;
                    };
                    /** @description To 2 decimals */
                    earned: number;
                    reasons: string[];
                    explain: components["schemas"]["ScoreReason"][];
                    /** @description What the hub has not fetched yet for this item (facts_pending, token_score_pending): it is counted with what is known; empty when everything is in */
                    pending: ("facts_pending" | "token_score_pending")[];
                }[];
            };
            /** @description When this standing was evaluated */
            computed_at: string;
            /** @description Fingerprint of what the evaluation read: facts, token scores, policy, registration */
            inputs_version: string;
        };
        MinerStanding: {
            /** @description As GitHub spells it on the most recent item */
            login: string;
            github_id: string | null;
            /** @description A registered miner by the subnet's own data (false when that is not configured or not fetched yet) */
            registered: boolean;
            /** @description Eligible in at least one repository */
            eligible: boolean;
            issue_eligible: boolean;
            /** @description Σ repository totals */
            total: number;
            /** @description Highest total first */
            repos: components["schemas"]["RepoStanding"][];
        };
        PullScore: {
            repo: string;
            author: string;
            github_id: string | null;
            registered: boolean;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            computed_at: string;
            number: number;
            /** @enum {string} */
            state: "open" | "merged" | "closed";
            /** @description Counts towards the miner's merged, closed or open numbers */
            counted: boolean;
            /** @description Why it is dropped entirely, or null */
            excluded: string | null;
            /** @description To 2 decimals */
            base: number;
            /** @description To 2 decimals */
            token_score: number;
            multipliers: components["schemas"]["ScoreMultipliers"];
            /** @description Open pull requests: collateral's review factor, min(2, 1 + rate · N) */
            collateral_review: number | null;
            /** @description To 2 decimals */
            earned: number;
            /** @description To 2 decimals */
            collateral: number;
            reasons: string[];
            /** @description Each reason with its detail and lever */
            explain: components["schemas"]["ScoreReason"][];
            /** @description What the hub has not fetched yet for this item (facts_pending, token_score_pending): it is counted with what is known; empty when everything is in */
            pending: ("facts_pending" | "token_score_pending")[];
            /** @description Open: merged now. Merged and counted: today and the next decay drop. Closed or dropped: null */
            projection: components["schemas"]["ScoreProjection"] | null;
        };
        RepoPolicy: {
            repo: string;
            emission_share: number;
            issue_discovery_share: number;
            /** @description As it applies: capped at maintainer_cut_cap */
            maintainer_cut: number;
            maintainer_cut_cap: number;
            fixed_base_score: number | null;
            /** @description Pattern → multiplier */
            label_multipliers: {
                [key: string]: number;
            };
            default_label_multiplier: number;
            trusted_label_pipeline: boolean;
            additional_acceptable_branches: string[];
            eligibility: {
                min_valid_merged_prs: number;
                min_credibility: number;
                excessive_pr_penalty_base_threshold: number;
                open_pr_threshold_token_score: number;
                max_open_pr_threshold: number;
                min_valid_solved_issues: number;
                min_issue_credibility: number;
                min_token_score_for_valid_issue: number;
                open_issue_spam_base_threshold: number;
                open_issue_spam_token_score_per_slot: number;
                max_open_issue_threshold: number;
            };
            scoring: {
                pr_lookback_days: number;
                open_pr_collateral_percent: number;
                review_penalty_rate: number;
                standard_issue_multiplier: number;
                maintainer_issue_multiplier: number;
                src_tok_saturation_scale: number;
                time_decay: {
                    grace_period_hours: number;
                    sigmoid_midpoint_days: number;
                    sigmoid_steepness: number;
                    min_multiplier: number;
                };
            };
            /** @description Why the master-list entry gives no policy (then every default applies, emission share 0); null when it does */
            problem: string | null;
        };
        MinerSummary: {
            login: string;
            github_id: string | null;
            registered: boolean;
            /** @description Eligible in at least one repository, as the hub evaluates it */
            eligible: boolean;
            /** @description Σ repository totals, as the hub evaluates them */
            total: number;
            /** @description Tracked repositories with a standing */
            repos: number;
            /** @description The newest of its evaluations */
            computed_at: string;
            /** @description The validators' own standing of the account (the subnet's API), when the hub has it; null otherwise */
            official: {
                uids: number[];
                /** @description To 2 decimals */
                total_score: number;
                is_eligible: boolean;
                /** @description To 2 decimals */
                credibility: number;
                evaluated_at: string | null;
            } | null;
        };
        Money: {
            /** @description Fraction of the subnet emission */
            share: number;
            /** @description Percentage of the miners' pool */
            pool_percent: number;
            alpha_per_day: number | null;
            tao_per_day: number | null;
            usd_per_day: number | null;
            /** @description Why an amount is null (a price the hub has not fetched); null when all are known */
            reason: string | null;
        };
        Prices: {
            /** @description TAO per alpha */
            alpha_tao: {
                value: number;
                /** @description Host the worker fetched it from */
                source: string;
                /** @description When the source says it held */
                observed_at: string | null;
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                fetched_at: string;
                /** @description Since it was fetched */
                age_seconds: number;
            } | null;
            /** @description Alpha the subnet emits per day */
            alpha_emission_per_day: {
                value: number;
                /** @description Host the worker fetched it from */
                source: string;
                /** @description When the source says it held */
                observed_at: string | null;
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                fetched_at: string;
                /** @description Since it was fetched */
                age_seconds: number;
            } | null;
            /** @description Dollars per TAO */
            tao_usd: {
                value: number;
                /** @description Host the worker fetched it from */
                source: string;
                /** @description When the source says it held */
                observed_at: string | null;
                /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                fetched_at: string;
                /** @description Since it was fetched */
                age_seconds: number;
            } | null;
            /** @description What is missing and how to get it; null when every price is known */
            reason: string | null;
        };
        RepoPay: {
            repo: string;
            emission_share: number;
            /** @description Somebody scores here; an idle repository’s share flows to the active ones */
            active: boolean;
            /** @description Its slice after idle shares flowed in: maintainer carve + PR pool + issue pool */
            slice: components["schemas"]["Money"];
            pr_pool: components["schemas"]["Money"];
            issue_pool: components["schemas"]["Money"];
            maintainer_carve: components["schemas"]["Money"];
            /** @description As listed in the master list */
            maintainer_cut: number;
            /** @description Some maintainer of the repository is a registered miner */
            maintainer_cut_applies: boolean;
            maintainer_miners: number;
            /** @description Miners with a positive pull-request total */
            pr_scorers: number;
            issue_scorers: number;
            /** @description pools × merge rate ÷ (1 + miners active in the window), as a percentage of the miners’ pool (docs/scoring.md, "Opportunity") */
            opportunity: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            computed_at: string;
        };
        Subnet: {
            rules: {
                /** @description The validator repository the rules are read from */
                validator: string;
                /** @description The validator commit the rules were read at */
                commit: string;
                /** @description Date of that commit */
                read_at: string;
                /** @description HUB_SUBNET_MINERS_SHARE */
                miners_share: number;
                /** @description HUB_SUBNET_BURN_SHARE */
                burn_share: number;
                /** @description HUB_SUBNET_SERVING_SHARE */
                serving_share: number;
                /** @description HUB_SUBNET_ROUND_MINUTES */
                round_minutes: number;
                /** @description HUB_SUBNET_WEIGHT_SMOOTHING */
                weight_smoothing: number;
                maintainer_cut_cap: number;
                /** @description Whose standings share the pools: registered miners, or every author when the hub knows no registration; null before the first split */
                basis: ("registered" | "all_authors") | null;
            };
            prices: components["schemas"]["Prices"];
            /** @description The miners' pool nobody receives: master-list slack and idle repositories with no active one to flow to */
            recycled: components["schemas"]["Money"];
            /** @description When the split was last computed; null before the scoring job ran */
            computed_at: string | null;
            /** @description Highest slice first */
            repos: components["schemas"]["RepoPay"][];
        };
        RepoStats: {
            /** @description The repository's pr_lookback_days */
            window_days: number;
            /** @description Non-maintainers with a pull request in the window */
            active_authors: number;
            /** @description Registered miners among them; null when the hub knows no registration */
            active_miners: number | null;
            /** @description Open pull requests (drafts included) by non-maintainers */
            open_pulls: number;
            /** @description Open issues no open or merged pull request closes */
            unclaimed_issues: number;
            /** @description Pull requests created in the window that someone other than their author reviewed */
            reviewed: number;
            /** @description Median wait from opening to the first review by someone else */
            first_review_median_seconds: number | null;
            /** @description Merged in the window */
            merged: number;
            /** @description Closed without merging in the window */
            closed_unmerged: number;
            /** @description Median time from opening to merge */
            merge_median_seconds: number | null;
            /** @description merged ÷ (merged + closed unmerged); null when none was decided */
            merge_rate: number | null;
            /** @description Open, ready-for-review pull requests by non-maintainers */
            queue: number;
            /** @description Whole seconds; null when nothing was measured */
            queue_median_age_seconds: number | null;
            /** @description Whole seconds; null when nothing was measured */
            queue_oldest_age_seconds: number | null;
            /** @description In the queue over 7 days with no review yet */
            stale: number;
            /** @description Maintainers' own pull requests in the window, left out of every figure */
            maintainer_pulls: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            computed_at: string;
        };
        DecayPoint: {
            day: number;
            multiplier: number;
        };
        RepoReward: {
            /** @description null until the scoring job has split the emission */
            pay: components["schemas"]["RepoPay"] | null;
            /** @description null until the repository statistics job has run */
            stats: components["schemas"]["RepoStats"] | null;
            /** @description Label multipliers, eligibility gates, lookback and decay, every default filled in */
            policy: {
                emission_share: number;
                issue_discovery_share: number;
                /** @description As it applies: capped at maintainer_cut_cap */
                maintainer_cut: number;
                maintainer_cut_cap: number;
                fixed_base_score: number | null;
                /** @description Pattern → multiplier */
                label_multipliers: {
                    [key: string]: number;
                };
                default_label_multiplier: number;
                trusted_label_pipeline: boolean;
                additional_acceptable_branches: string[];
                eligibility: {
                    min_valid_merged_prs: number;
                    min_credibility: number;
                    excessive_pr_penalty_base_threshold: number;
                    open_pr_threshold_token_score: number;
                    max_open_pr_threshold: number;
                    min_valid_solved_issues: number;
                    min_issue_credibility: number;
                    min_token_score_for_valid_issue: number;
                    open_issue_spam_base_threshold: number;
                    open_issue_spam_token_score_per_slot: number;
                    max_open_issue_threshold: number;
                };
                scoring: {
                    pr_lookback_days: number;
                    open_pr_collateral_percent: number;
                    review_penalty_rate: number;
                    standard_issue_multiplier: number;
                    maintainer_issue_multiplier: number;
                    src_tok_saturation_scale: number;
                    time_decay: {
                        grace_period_hours: number;
                        sigmoid_midpoint_days: number;
                        sigmoid_steepness: number;
                        min_multiplier: number;
                    };
                };
                /** @description Why the master-list entry gives no policy (then every default applies, emission share 0); null when it does */
                problem: string | null;
            };
            /** @description The decay factor by whole day since merge, 0 to 30 days */
            decay_curve: components["schemas"]["DecayPoint"][];
        };
        AuthorResponsiveness: {
            login: string;
            registered: boolean;
            /** @description In the window: open and closed by creation, merged by merge time */
            pulls: number;
            open: number;
            /** @description Pull requests created in the window that someone other than their author reviewed */
            reviewed: number;
            /** @description Median wait from opening to the first review by someone else */
            first_review_median_seconds: number | null;
            /** @description Merged in the window */
            merged: number;
            /** @description Closed without merging in the window */
            closed_unmerged: number;
            /** @description Median time from opening to merge */
            merge_median_seconds: number | null;
            /** @description merged ÷ (merged + closed unmerged); null when none was decided */
            merge_rate: number | null;
            /** @description This author's median wait for a first review ÷ the repository's (above 1: waits longer) */
            first_review_vs_repo: number | null;
            /** @description This author's median time to merge ÷ the repository's */
            merge_vs_repo: number | null;
        };
        RepoResponsiveness: {
            repo: string;
            stats: components["schemas"]["RepoStats"];
            /** @description Whose own pull requests are left out (the maintainer list; OWNER, MEMBER and COLLABORATOR authors too) */
            maintainers: {
                login: string;
                association: string;
                source: string;
            }[];
            /** @description Most pull requests first */
            authors: components["schemas"]["AuthorResponsiveness"][];
        };
        Repo: {
            full_name: string;
            owner: string;
            name: string;
            html_url: string;
            weight: number;
            active: boolean;
            operator_added: boolean;
            archived: boolean;
            default_branch: string | null;
            issues_open: number;
            issues_open_unlinked: number;
            issues_total: number;
            /** @description Open and draft */
            pulls_open: number;
            pulls_total: number;
            sync: {
                /** @enum {string} */
                state: "never" | "ok" | "stale" | "failing";
                last_attempt_at: string | null;
                last_success_at: string | null;
                last_error: string | null;
                last_error_at: string | null;
                consecutive_failures: number;
                next_due_at: string | null;
            };
            reward: components["schemas"]["RepoReward"];
        };
        ActivityCounts: {
            /** @description Pull requests created in the window (any state now) */
            pulls_opened: number;
            /** @description Pull requests merged in the window */
            pulls_merged: number;
            /** @description Pull requests closed without merging in the window */
            pulls_closed: number;
            /** @description Issues created in the window */
            issues_opened: number;
            /** @description Issues closed as completed in the window */
            issues_completed: number;
        };
        ActivityBucket: {
            /** @description Pull requests created in the window (any state now) */
            pulls_opened: number;
            /** @description Pull requests merged in the window */
            pulls_merged: number;
            /** @description Pull requests closed without merging in the window */
            pulls_closed: number;
            /** @description Issues created in the window */
            issues_opened: number;
            /** @description Issues closed as completed in the window */
            issues_completed: number;
            /** @description The hour (YYYY-MM-DDTHH, UTC) or day (YYYY-MM-DD, UTC) */
            at: string;
        };
        DashboardSnapshot: {
            /** @description When the dashboard job read the store; the windows end here */
            computed_at: string;
            /** @description Seconds since computed_at */
            age_seconds: number;
            /** @description How long the job took */
            ms: number;
            windows: {
                "24h": components["schemas"]["ActivityCounts"];
                "7d": components["schemas"]["ActivityCounts"];
                "30d": components["schemas"]["ActivityCounts"];
            };
            /** @description The last 24 hours, an hour a bucket, oldest first */
            hourly: components["schemas"]["ActivityBucket"][];
            /** @description The last 30 days, a day a bucket, oldest first */
            daily: components["schemas"]["ActivityBucket"][];
            pipeline: {
                pulls: {
                    draft: number;
                    open: number;
                    merged: number;
                    /** @description Merged pull requests whose stored evaluation earns more than 0 */
                    scored: number;
                };
                issues: {
                    open: number;
                    completed: number;
                    /** @description Completed issues that GitHub says a pull request closed */
                    solved: number;
                };
            };
            top_contributions: {
                repo: string;
                number: number;
                title: string;
                author: string | null;
                status: string;
                merged_at: string | null;
                earned: number;
            }[];
            unclaimed_issues: {
                repo: string;
                /** @description The repository's emission share (master list) */
                emission_share: number;
                number: number;
                title: string;
                author: string | null;
                created_at: string;
                labels: string[];
            }[];
        };
        Dashboard: {
            generated_at: string;
            /** @description null until the worker has run the dashboard job once */
            snapshot: components["schemas"]["DashboardSnapshot"] | null;
            freshness: {
                /** @description Every tracked repository, as GET /api/sync lists it */
                repos: {
                    repo: string;
                    active: boolean;
                    /** @description Among the most heavily weighted repositories, synced on the short interval */
                    hot: boolean;
                    /** @description How fresh this repository should be */
                    target_seconds: number;
                    /** @description Since the last successful pass */
                    age_seconds: number | null;
                    /** @description How far behind its target (0 when fresh; null when never synced) */
                    lag_seconds: number | null;
                    last_attempt_at: string | null;
                    last_success_at: string | null;
                    last_error: string | null;
                    last_error_at: string | null;
                    consecutive_failures: number;
                    next_due_at: string | null;
                    reconciled_at: string | null;
                    issues_watermark: string | null;
                    pulls_watermark: string | null;
                    counts: {
                        issues_open: number;
                        issues_open_unlinked: number;
                        issues_total: number;
                        /** @description Open and draft */
                        pulls_open: number;
                        pulls_total: number;
                    };
                    requests_total: number;
                    quota_total: number;
                    last_pass: {
                        requests: number;
                        quota: number;
                        ms: number | null;
                        /** @description What the last pass cost per kind of request */
                        by_kind: {
                            /** @description issues, pulls, repo, issue, pull, graphql, reviews, timeline, events, collaborators or other */
                            kind: string;
                            /** @description Requests sent */
                            requests: number;
                            /** @description Answers that counted against the primary rate limit (a 304 does not) */
                            quota: number;
                            /** @description Conditional requests answered 304 Not Modified */
                            not_modified: number;
                            /** @description GraphQL's own query cost in points (rateLimit.cost), where asked */
                            points: number;
                        }[];
                    };
                    /** @description Summed over every pass and maintainers refresh, per kind of request */
                    by_kind_total: {
                        /** @description issues, pulls, repo, issue, pull, graphql, reviews, timeline, events, collaborators or other */
                        kind: string;
                        /** @description Requests sent */
                        requests: number;
                        /** @description Answers that counted against the primary rate limit (a 304 does not) */
                        quota: number;
                        /** @description Conditional requests answered 304 Not Modified */
                        not_modified: number;
                        /** @description GraphQL's own query cost in points (rateLimit.cost), where asked */
                        points: number;
                    }[];
                    data_version: number;
                    relink: {
                        /** @description Grammar version the stored text links were last re-derived with (null: a relink is pending) */
                        grammar: number | null;
                        current_grammar: number;
                        /** @description Item id a running relink has reached */
                        cursor: number | null;
                        done_at: string | null;
                        /** @description The stored links follow the current grammar */
                        done: boolean;
                    };
                }[];
                /** @description The subnet's data, as GET /api/sync lists it */
                subnet: {
                    /** @enum {string} */
                    name: "miners" | "pr_scores" | "repo_standings" | "repo_miners" | "maintainers" | "alpha_price" | "tao_price";
                    /**
                     * @description api: GITTENSOR_API_URL; mirror: GITTENSOR_MIRROR_URL; alpha_price: HUB_ALPHA_PRICE_URL; tao_price: HUB_TAO_PRICE_URL
                     * @enum {string}
                     */
                    service: "api" | "mirror" | "alpha_price" | "tao_price";
                    /** @description The service's host; null when it is not configured */
                    host: string | null;
                    /** @description False when the service's URL setting is off (the alpha price: unset) */
                    configured: boolean;
                    /**
                     * @description stale: the oldest good answer is older than twice the interval; the data is still served
                     * @enum {string}
                     */
                    state: "fresh" | "stale" | "never" | "not_configured";
                    interval_seconds: number;
                    /** @description Sources behind this data: 1, or one per repository (repo_miners, maintainers) */
                    source_count: number;
                    /** @description Sources with no good answer yet */
                    never_count: number;
                    /** @description Sources whose last attempt failed (their last good data is kept) */
                    failing_count: number;
                    /** @description The oldest last good answer among the sources */
                    last_success_at: string | null;
                    age_seconds: number | null;
                    last_error: string | null;
                    last_error_at: string | null;
                }[];
            };
        };
        PayPoint: {
            day: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            at: string;
            /** @description Fraction of the subnet's emission, to 8 decimals */
            share: number;
            /** @description Alpha per day, to 4 decimals; null when the daily emission is unknown */
            alpha: number | null;
            /** @description TAO per day, to 4 decimals; null when a price is unknown */
            tao: number | null;
            /** @description Dollars per day, to 2 decimals; null when a price is unknown */
            usd: number | null;
        };
        RepoPayPoint: {
            day: number;
            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
            at: string;
            pr_total: number;
            issue_total: number;
            repo_pr_total: number;
            repo_issue_total: number;
            /** @description Fraction of the subnet's emission, to 8 decimals */
            share: number;
            /** @description Alpha per day, to 4 decimals; null when the daily emission is unknown */
            alpha: number | null;
            /** @description TAO per day, to 4 decimals; null when a price is unknown */
            tao: number | null;
            /** @description Dollars per day, to 2 decimals; null when a price is unknown */
            usd: number | null;
        };
        OfficialRepoStanding: {
            total_score: number;
            is_eligible: boolean;
            credibility: number;
            merged: number;
            open: number;
        };
        MinerProjection: {
            login: string;
            github_id: string | null;
            /** @description The newest evaluation the curve starts from; null with nothing evaluated */
            computed_at: string | null;
            /** @description Days ahead of computed_at that each point is for */
            days: number[];
            /** @description What the projection holds fixed, in words */
            assumptions: string;
            prices: {
                /** @description Alpha the subnet emits per day */
                alpha_per_day: number | null;
                /** @description TAO per alpha */
                alpha_tao: number | null;
                /** @description Dollars per TAO */
                tao_usd: number | null;
                /** @description Every price is known (else some figures are null: "price unknown") */
                known: boolean;
            };
            /** @description Σ over repositories, one per day of days */
            points: components["schemas"]["PayPoint"][];
            /** @description Every repository where the miner has a standing, today's highest pay first */
            repos: {
                repo: string;
                /** @description The master list's share of the miners' pool */
                emission_share: number;
                /** @description The repository's eligibility thresholds (its policy), for showing the gates as progress */
                gates: {
                    min_merged: number;
                    min_credibility: number;
                    min_solved: number;
                    min_issue_credibility: number;
                };
                /** @description Today: the miner's PR total ÷ the repository's (0 to 1, 4 decimals); null when nobody scores */
                pr_pool_share: number | null;
                issue_pool_share: number | null;
                points: components["schemas"]["RepoPayPoint"][];
                /** @description The validators' own standing in this repository, when the hub has mirrored it */
                official: components["schemas"]["OfficialRepoStanding"] | null;
            }[];
            /** @description The validators' score of each of the miner's pull requests they scored (to set beside the hub's) */
            official_pulls: {
                repo: string;
                number: number;
                score: number;
                collateral: number | null;
            }[];
            /** @description The validators' total score of the account; null when unknown */
            official_total: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false when the store is damaged: the answer is then 503 */
                        ok: boolean;
                        /**
                         * @description demo: the data comes from the built-in GitHub simulator
                         * @enum {string}
                         */
                        mode: "live" | "demo";
                        version: string;
                        uptime_seconds: number;
                        database: {
                            dialect: string;
                            /**
                             * @description the integrity check at start (unverified: it did not finish in time), or corrupt once a query met a damaged page
                             * @enum {string}
                             */
                            state: "ok" | "corrupt" | "unverified" | "unchecked";
                            detail: string | null;
                            checked_at: string | null;
                            check_ms: number | null;
                        };
                        sync: {
                            tracked_repos: number;
                            never_synced: number;
                            /** @description the tracked repository whose last successful sync is oldest (a never-synced one first) */
                            stalest_repo: string | null;
                            stalest_synced_at: string | null;
                            /** @description seconds since that sync; null when it never synced or nothing is tracked */
                            stalest_age_seconds: number | null;
                        };
                        event_loop_delay_ms: {
                            p50: number;
                            p99: number;
                            max: number;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false when the store is damaged: the answer is then 503 */
                        ok: boolean;
                        /**
                         * @description demo: the data comes from the built-in GitHub simulator
                         * @enum {string}
                         */
                        mode: "live" | "demo";
                        version: string;
                        uptime_seconds: number;
                        database: {
                            dialect: string;
                            /**
                             * @description the integrity check at start (unverified: it did not finish in time), or corrupt once a query met a damaged page
                             * @enum {string}
                             */
                            state: "ok" | "corrupt" | "unverified" | "unchecked";
                            detail: string | null;
                            checked_at: string | null;
                            check_ms: number | null;
                        };
                        sync: {
                            tracked_repos: number;
                            never_synced: number;
                            /** @description the tracked repository whose last successful sync is oldest (a never-synced one first) */
                            stalest_repo: string | null;
                            stalest_synced_at: string | null;
                            /** @description seconds since that sync; null when it never synced or nothing is tracked */
                            stalest_age_seconds: number | null;
                        };
                        event_loop_delay_ms: {
                            p50: number;
                            p99: number;
                            max: number;
                        };
                    };
                };
            };
        };
    };
    listRepos: {
        parameters: {
            query?: {
                include_inactive?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Repo"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description The GitHub web host items are opened on (GITHUB_WEB_URL): https://github.com, or a GitHub Enterprise host */
                        web_url: string;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addRepo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    full_name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        repo: string;
                        /** @description false: a sync of this repository was already pending (made sooner instead) */
                        queued: boolean;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        repo: string;
                        /** @description false: a sync of this repository was already pending (made sooner instead) */
                        queued: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRepo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Repo"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeRepo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRepoIssues: {
        parameters: {
            query?: {
                /** @description One or more of open, completed, not_planned, duplicate, closed (comma-separated), or all. Default: open. */
                state?: string;
                /** @description Login of the author (any case). */
                author?: string;
                /** @description Login of someone assigned (any case). */
                assignee?: string;
                /** @description Label names (any case), comma-separated; an item must carry all of them. */
                label?: string;
                /** @description Issues: claimed by an open, draft or merged pull request. Pull requests: closes at least one issue. */
                linked?: "true" | "false";
                /** @description Words that must all appear in the title or body; "quoted phrases" are kept together. */
                q?: string;
                direction?: "asc" | "desc";
                /** @description next_cursor of the previous page (opaque). */
                cursor?: string;
                sort?: "updated" | "created" | "comments" | "number";
                /** @description Page size, 1 to 100 (default 30). */
                limit?: string;
            };
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Issue"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description How many items the list holds, from the counts the worker keeps per repository (no rows are counted): given for open issues (any linked), all issues, open and draft pull requests, and all pull requests, with no author, label or q filter; items gone from GitHub are listed under state=all but not counted. null for other filters. */
                        total_count: number | null;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listIssues: {
        parameters: {
            query?: {
                /** @description One or more of open, completed, not_planned, duplicate, closed (comma-separated), or all. Default: open. */
                state?: string;
                /** @description Login of the author (any case). */
                author?: string;
                /** @description Login of someone assigned (any case). */
                assignee?: string;
                /** @description Label names (any case), comma-separated; an item must carry all of them. */
                label?: string;
                /** @description Issues: claimed by an open, draft or merged pull request. Pull requests: closes at least one issue. */
                linked?: "true" | "false";
                /** @description Words that must all appear in the title or body; "quoted phrases" are kept together. */
                q?: string;
                direction?: "asc" | "desc";
                /** @description next_cursor of the previous page (opaque). */
                cursor?: string;
                sort?: "updated" | "created" | "comments" | "number";
                /** @description Page size, 1 to 100 (default 30). */
                limit?: string;
                /** @description Only these repositories: owner/name, comma-separated (at most 20). */
                repo?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Issue"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description How many items the list holds, from the counts the worker keeps per repository (no rows are counted): given for open issues (any linked), all issues, open and draft pull requests, and all pull requests, with no author, label or q filter; items gone from GitHub are listed under state=all but not counted. null for other filters. */
                        total_count: number | null;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDetail"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRepoPulls: {
        parameters: {
            query?: {
                /** @description One or more of open, draft, merged, closed (comma-separated), or all. Default: open,draft; merged with sort=merged, which takes no other state. */
                state?: string;
                /** @description Login of the author (any case). */
                author?: string;
                /** @description Login of someone assigned (any case). */
                assignee?: string;
                /** @description Label names (any case), comma-separated; an item must carry all of them. */
                label?: string;
                /** @description Issues: claimed by an open, draft or merged pull request. Pull requests: closes at least one issue. */
                linked?: "true" | "false";
                /** @description Words that must all appear in the title or body; "quoted phrases" are kept together. */
                q?: string;
                direction?: "asc" | "desc";
                /** @description next_cursor of the previous page (opaque). */
                cursor?: string;
                /** @description merged: by merge time; lists merged pull requests only */
                sort?: "updated" | "created" | "comments" | "number" | "merged";
                /** @description Page size, 1 to 100 (default 30). */
                limit?: string;
            };
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Pull"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description How many items the list holds, from the counts the worker keeps per repository (no rows are counted): given for open issues (any linked), all issues, open and draft pull requests, and all pull requests, with no author, label or q filter; items gone from GitHub are listed under state=all but not counted. null for other filters. */
                        total_count: number | null;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPulls: {
        parameters: {
            query?: {
                /** @description One or more of open, draft, merged, closed (comma-separated), or all. Default: open,draft; merged with sort=merged, which takes no other state. */
                state?: string;
                /** @description Login of the author (any case). */
                author?: string;
                /** @description Login of someone assigned (any case). */
                assignee?: string;
                /** @description Label names (any case), comma-separated; an item must carry all of them. */
                label?: string;
                /** @description Issues: claimed by an open, draft or merged pull request. Pull requests: closes at least one issue. */
                linked?: "true" | "false";
                /** @description Words that must all appear in the title or body; "quoted phrases" are kept together. */
                q?: string;
                direction?: "asc" | "desc";
                /** @description next_cursor of the previous page (opaque). */
                cursor?: string;
                /** @description merged: by merge time; lists merged pull requests only */
                sort?: "updated" | "created" | "comments" | "number" | "merged";
                /** @description Page size, 1 to 100 (default 30). */
                limit?: string;
                /** @description Only these repositories: owner/name, comma-separated (at most 20). */
                repo?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Pull"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description How many items the list holds, from the counts the worker keeps per repository (no rows are counted): given for open issues (any linked), all issues, open and draft pull requests, and all pull requests, with no author, label or q filter; items gone from GitHub are listed under state=all but not counted. null for other filters. */
                        total_count: number | null;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPull: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullDetail"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAuthor: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 (default 10). */
                limit?: string;
            };
            header?: never;
            path: {
                owner: string;
                name: string;
                login: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        repo: string;
                        author: string;
                        counts: {
                            issues: {
                                [key: string]: number;
                            };
                            pulls: {
                                [key: string]: number;
                            };
                        };
                        /** @description Some count reached the cap and means "at least" */
                        counts_capped: boolean;
                        /** @description Newest activity first; next_cursor continues /issues?author=…&state=all */
                        issues: {
                            items: components["schemas"]["Issue"][];
                            /** @description Pass as cursor for the next page; null at the end. */
                            next_cursor: string | null;
                        };
                        /** @description Newest activity first; next_cursor continues /pulls?author=…&state=all */
                        pulls: {
                            items: components["schemas"]["Pull"][];
                            /** @description Pass as cursor for the next page; null at the end. */
                            next_cursor: string | null;
                        };
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    search: {
        parameters: {
            query: {
                /** @description Words to find in titles and bodies; "quoted phrases" stay together. Operators are read as words. */
                q: string;
                type?: "issue" | "pull";
                state?: string;
                /** @description Only these repositories: owner/name, comma-separated (at most 20). */
                repo?: string;
                /** @description Page size, 1 to 50 (default 20). */
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["SearchHit"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                        /** @description More items match than one search ranks: add words or filters to see the rest. */
                        truncated: boolean;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMinerStanding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                login: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MinerStanding"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPullScore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
                number: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullScore"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRepoPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepoPolicy"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMiners: {
        parameters: {
            query?: {
                /** @description Only registered miners (true) or only other authors (false) */
                registered?: "true" | "false";
                /** @description Only standings in this tracked repository (owner/name, any case): totals and the official standing are that repository's */
                repo?: string;
                /** @description total: highest computed total first (default); login: by login, A to Z */
                sort?: "total" | "login";
                /** @description Page size, 1 to 100 (default 30). */
                limit?: string;
                /** @description next_cursor of the previous page (opaque). */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["MinerSummary"][];
                        /** @description Pass as cursor for the next page; null at the end. */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMinerProjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                login: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MinerProjection"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSubnet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subnet"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRepoResponsiveness: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepoResponsiveness"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSyncStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                        generated_at: string;
                        freshness_seconds: number;
                        hot_interval_seconds: number;
                        repos: {
                            repo: string;
                            active: boolean;
                            /** @description Among the most heavily weighted repositories, synced on the short interval */
                            hot: boolean;
                            /** @description How fresh this repository should be */
                            target_seconds: number;
                            /** @description Since the last successful pass */
                            age_seconds: number | null;
                            /** @description How far behind its target (0 when fresh; null when never synced) */
                            lag_seconds: number | null;
                            last_attempt_at: string | null;
                            last_success_at: string | null;
                            last_error: string | null;
                            last_error_at: string | null;
                            consecutive_failures: number;
                            next_due_at: string | null;
                            reconciled_at: string | null;
                            issues_watermark: string | null;
                            pulls_watermark: string | null;
                            counts: {
                                issues_open: number;
                                issues_open_unlinked: number;
                                issues_total: number;
                                /** @description Open and draft */
                                pulls_open: number;
                                pulls_total: number;
                            };
                            requests_total: number;
                            quota_total: number;
                            last_pass: {
                                requests: number;
                                quota: number;
                                ms: number | null;
                                /** @description What the last pass cost per kind of request */
                                by_kind: {
                                    /** @description issues, pulls, repo, issue, pull, graphql, reviews, timeline, events, collaborators or other */
                                    kind: string;
                                    /** @description Requests sent */
                                    requests: number;
                                    /** @description Answers that counted against the primary rate limit (a 304 does not) */
                                    quota: number;
                                    /** @description Conditional requests answered 304 Not Modified */
                                    not_modified: number;
                                    /** @description GraphQL's own query cost in points (rateLimit.cost), where asked */
                                    points: number;
                                }[];
                            };
                            /** @description Summed over every pass and maintainers refresh, per kind of request */
                            by_kind_total: {
                                /** @description issues, pulls, repo, issue, pull, graphql, reviews, timeline, events, collaborators or other */
                                kind: string;
                                /** @description Requests sent */
                                requests: number;
                                /** @description Answers that counted against the primary rate limit (a 304 does not) */
                                quota: number;
                                /** @description Conditional requests answered 304 Not Modified */
                                not_modified: number;
                                /** @description GraphQL's own query cost in points (rateLimit.cost), where asked */
                                points: number;
                            }[];
                            data_version: number;
                            relink: {
                                /** @description Grammar version the stored text links were last re-derived with (null: a relink is pending) */
                                grammar: number | null;
                                current_grammar: number;
                                /** @description Item id a running relink has reached */
                                cursor: number | null;
                                done_at: string | null;
                                /** @description The stored links follow the current grammar */
                                done: boolean;
                            };
                        }[];
                        quota: {
                            token_label: string;
                            resource: string;
                            limit: number;
                            remaining: number;
                            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                            reset_at: string;
                            /** @description ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z */
                            updated_at: string;
                        }[];
                        jobs: {
                            kind: string;
                            state: string;
                            count: number;
                        }[];
                        /** @description The subnet's miners, official scores, maintainers and prices, always every kind in this order */
                        subnet: {
                            /** @enum {string} */
                            name: "miners" | "pr_scores" | "repo_standings" | "repo_miners" | "maintainers" | "alpha_price" | "tao_price";
                            /**
                             * @description api: GITTENSOR_API_URL; mirror: GITTENSOR_MIRROR_URL; alpha_price: HUB_ALPHA_PRICE_URL; tao_price: HUB_TAO_PRICE_URL
                             * @enum {string}
                             */
                            service: "api" | "mirror" | "alpha_price" | "tao_price";
                            /** @description The service's host; null when it is not configured */
                            host: string | null;
                            /** @description False when the service's URL setting is off (the alpha price: unset) */
                            configured: boolean;
                            /**
                             * @description stale: the oldest good answer is older than twice the interval; the data is still served
                             * @enum {string}
                             */
                            state: "fresh" | "stale" | "never" | "not_configured";
                            interval_seconds: number;
                            /** @description Sources behind this data: 1, or one per repository (repo_miners, maintainers) */
                            source_count: number;
                            /** @description Sources with no good answer yet */
                            never_count: number;
                            /** @description Sources whose last attempt failed (their last good data is kept) */
                            failing_count: number;
                            /** @description The oldest last good answer among the sources */
                            last_success_at: string | null;
                            age_seconds: number | null;
                            last_error: string | null;
                            last_error_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dashboard"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportMinersCsv: {
        parameters: {
            query?: {
                /** @description Only registered miners (true) or only other authors (false) */
                registered?: "true" | "false";
                /** @description Only standings in this tracked repository (owner/name, any case): totals and the official standing are that repository's */
                repo?: string;
                /** @description total: highest computed total first (default); login: by login, A to Z */
                sort?: "total" | "login";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The CSV document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Error"];
                };
            };
        };
    };
    listRepoCollisions: {
        parameters: {
            query?: {
                /** @description Page size, 1 to 100 (default 50). */
                limit?: string;
            };
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollisionPage"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getApiSubnetDrift: {
        parameters: {
            query?: {
                /** @description Only this repository (owner/name, any case). */
                repo?: string;
                /** @description Only this miner's pull requests: a login (any case), current or previous. */
                miner?: string;
                /** @description Page size, 1 to 200 (default 50). */
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScoreDrift"];
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Only these repositories: owner/name, comma-separated (at most 20). */
                repo?: string;
            };
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/plain; version=0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    requestSync: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                owner: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        repo: string;
                        /** @description false: a sync of this repository was already pending (made sooner instead) */
                        queued: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}

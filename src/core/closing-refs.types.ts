/** The shapes the closing-reference grammar answers with. */

export interface ClosingRef {
  /** "owner/name" as written, or the pull request's own repository for `#N` and `GH-N`. */
  repo: string;
  /** `repo` in lower case: GitHub compares owner and repository names case-insensitively. */
  repoKey: string;
  number: number;
}

export type CandidateReason =
  | 'taken'
  | 'duplicate'
  | 'in_title'
  | 'in_fenced_code'
  | 'in_inline_code'
  | 'in_html_comment'
  | 'no_keyword'
  | 'not_a_keyword'
  | 'keyword_not_at_word_boundary'
  | 'keyword_not_followed_by_whitespace'
  | 'blank_line_between_keyword_and_reference'
  | 'extra_reference_after_keyword'
  | 'words_between_keyword_and_reference'
  | 'trailing_characters'
  | 'invalid_number'
  | 'not_an_issue_url'
  | 'unknown_host'
  | 'non_default_base';

export interface Candidate {
  where: 'title' | 'body';
  /** UTF-16 offset of `text` within the title or the body. */
  offset: number;
  /** The reference as written (at most 200 characters). */
  text: string;
  /** The keyword, or keyword-like word, the verdict is about; null when there is none. */
  keyword: string | null;
  repo: string;
  repoKey: string;
  number: number;
  taken: boolean;
  reason: CandidateReason;
}

export interface PullText {
  /** The pull request's own "owner/name". */
  repo: string;
  title?: string | null;
  body: string | null;
  baseRef?: string | null;
  defaultBranch?: string | null;
}

export interface ParseOptions {
  /** Hosts whose issue URLs count, e.g. a GitHub Enterprise host; default `['github.com']`. */
  webHosts?: string[];
}

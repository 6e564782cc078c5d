import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/**
 * Issue and pull request bodies are anyone's text. They are rendered to React
 * elements, never to an HTML string: no innerHTML anywhere.
 *
 * - Raw HTML in a body is shown as the text it is (template comments are
 *   dropped), so no tag, attribute or script from a body reaches the DOM.
 * - rehype-sanitize (GitHub's own allow-list) and react-markdown's URL filter
 *   both remove javascript:, vbscript: and data: links.
 * - Links open on GitHub in a new tab with rel="noopener noreferrer".
 * - Images become links: loading them would tell any host in a body who reads it
 *   (and the CSP allows images from GitHub's avatar host only).
 */

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

const COMMENT_ONLY = /^\s*(<!--[\s\S]*?-->\s*)+$/;

/** A remark plugin: HTML nodes become plain text, and template comments disappear. */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (!node.children) return;
    node.children = node.children.filter((child) => !(child.type === 'html' && COMMENT_ONLY.test(child.value ?? '')));
    const block = node.type === 'root' || node.type === 'blockquote' || node.type === 'listItem';
    node.children = node.children.map((child) => {
      if (child.type !== 'html') {
        walk(child);
        return child;
      }
      const text = { type: 'text', value: child.value ?? '' };
      return block ? { type: 'paragraph', children: [text] } : text;
    });
  };
  return (tree: MdNode) => walk(tree);
}

const SAFE_PROTOCOL = /^(https?:|mailto:)/i;

function resolve(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return SAFE_PROTOCOL.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function componentsFor(base: string): Components {
  return {
    // The item's title is the panel's heading: a body's headings sit below it.
    h1: 'h3',
    h2: 'h4',
    h3: 'h5',
    h4: 'h6',
    h5: 'h6',
    h6: 'h6',
    a: ({ href, children }) => {
      const url = resolve(href, base);
      if (!url) return <span className="md-dead-link">{children}</span>;
      return (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow ugc">
          {children}
        </a>
      );
    },
    img: ({ src, alt }) => {
      const url = typeof src === 'string' ? resolve(src, base) : null;
      const text = `Image${alt ? `: ${alt}` : ''}`;
      return url ? (
        <a className="md-image-link" href={url} target="_blank" rel="noopener noreferrer nofollow ugc">
          {text}
        </a>
      ) : (
        <span className="md-image-link">{text}</span>
      );
    },
    input: ({ checked, type }) => (type === 'checkbox' ? <input type="checkbox" checked={!!checked} disabled aria-label={checked ? 'Done' : 'Not done'} /> : null),
  };
}

export default function Markdown({ source, baseUrl }: { source: string; baseUrl: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm, htmlAsText]} rehypePlugins={[rehypeSanitize]} urlTransform={defaultUrlTransform} components={componentsFor(baseUrl)}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

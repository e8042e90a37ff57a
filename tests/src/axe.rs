//! WCAG 2.1 AA as axe-core checks it: its script (the front end's
//! development dependency, `ui/node_modules/axe-core`) injected into a page
//! over WebDriver, and each rule it finds broken named with where.

use serde_json::json;

use crate::root;
use crate::webdriver::Session;

/// The WCAG 2.1 A and AA rules broken on `page`, as "rule: selector" lines.
pub fn violations(page: &Session) -> Vec<String> {
    let script = std::fs::read_to_string(root().join("ui/node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed with the front end's packages");
    page.execute(&script, json!([]));
    let found = page.execute_async(
        "const done = arguments[arguments.length - 1]; \
         axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}) \
           .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`)))) \
           .catch((e) => done([`axe did not run: ${e}`]));",
        json!([]),
    );
    found
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|v| v.as_str().map(ToOwned::to_owned))
                .collect()
        })
        .unwrap_or_else(|| vec![format!("axe answered {found}")])
}

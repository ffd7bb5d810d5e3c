//! Product matching on a loaded catalogue: its products compiled once, on first use, and kept
//! with the catalogue (the matcher itself in `crate::matching`).

use std::sync::Mutex;

use crate::matching::{MatchBuffers, Matcher};
use crate::stations::QueryError;

use super::Catalogue;

self_cell::self_cell!(
    /// A catalogue's products compiled for matching, kept with the catalogue they borrow from.
    pub(crate) struct CompiledProducts {
        owner: std::sync::Arc<crate::catalogue::Inner>,
        #[covariant]
        dependent: Matcher,
    }
    impl {Debug}
);

/// The buffers of a catalogue's last match, for the next one: matching courier after courier
/// then allocates only the answer. One set is kept; a match that finds it taken by another
/// thread uses its own. They hold the last courier's codes and values (personal ones masked),
/// which its `Debug` does not show.
#[derive(Default)]
pub(crate) struct SpareBuffers(Mutex<Option<MatchBuffers>>);

impl SpareBuffers {
    /// The spare buffers, or new ones when none are free.
    pub(crate) fn take(&self) -> MatchBuffers {
        self.0
            .try_lock()
            .ok()
            .and_then(|mut spare| spare.take())
            .unwrap_or_default()
    }

    /// Keeps `buffers` for the next match (dropped when another thread kept its own first).
    pub(crate) fn put(&self, buffers: MatchBuffers) {
        if let Ok(mut spare) = self.0.try_lock() {
            spare.get_or_insert(buffers);
        }
    }
}

impl std::fmt::Debug for SpareBuffers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SpareBuffers { .. }")
    }
}

impl Catalogue {
    /// The catalogue's matcher, compiled on first use and shared by every clone.
    pub(crate) fn compiled_matcher(&self) -> Result<&CompiledProducts, QueryError> {
        self.compiled_products
            .get_or_init(|| {
                CompiledProducts::try_new(self.inner.clone(), |inner| {
                    let products = inner
                        .doc
                        .product_catalogue
                        .as_ref()
                        .ok_or(QueryError::NoProductCatalogue)?;
                    Ok::<_, QueryError>(Matcher::new(
                        products,
                        &products.parameters,
                        &inner.member_units,
                        &inner.doc.version,
                    ))
                })
                .ok()
            })
            .as_ref()
            .ok_or(QueryError::NoProductCatalogue)
    }

    /// The product catalogue compiled for matching many couriers (see [`Matcher`]): build it
    /// once, then [`Matcher::explain`] each courier.
    pub fn matcher(&self) -> Result<Matcher<'_>, QueryError> {
        let products = self.products()?;
        Ok(Matcher::new(
            products,
            &products.parameters,
            &self.inner.member_units,
            &self.inner.doc.version,
        ))
    }
}

//! The kiosk app's offers part (see `guichet::route::Part`).

fn main() {
    guichet::start::<guichet::parts::OffersScreens>();
}

//! The kiosk app's registration part (see `guichet::route::Part`).

fn main() {
    guichet::start::<guichet::parts::RegisterScreens>();
}
